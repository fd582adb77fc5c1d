"""``counterfraud ingest`` of a file holding the values an outside fuzzing review found:
a bad report field rejects its row naming its line and field, a bad identifier value is
a warning naming its line and field (its report stored, the value flagged), every good
row after them is stored, and no traceback; alike on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from counterfraud.cli import app
from counterfraud.settings import Settings

BAD_VALUES = [  # (row, field): a warning, the report stored
    ({"report_id": "PHONE-0", "phones": "0"}, "phones"),
    ({"report_id": "PHONE-PAREN", "phones": "(0)"}, "phones"),
    ({"report_id": "PHONE-00", "phones": "00"}, "phones"),
    ({"report_id": "WHATSAPP-0", "handles": "wa:0"}, "handles"),
    ({"report_id": "OPEN-IPV6", "domains": "http://[::1/x"}, "domains"),
    ({"report_id": "C1-URL", "urls": "http://a\u0080b.com/"}, "urls"),
]
BAD_ROWS = [  # (row, field): rejected
    ({"report_id": "NUL-NARRATIVE", "narrative": "a\x00b"}, "narrative"),
    ({"report_id": "NUL-\x00ID"}, "report_id"),
    ({"report_id": "HUGE-AMOUNT", "loss_amount": "1" + "0" * 29}, "loss_amount"),
    ({"report_id": "NAN-AMOUNT", "loss_amount": "NaN"}, "loss_amount"),
    ({"report_id": "YEAR-2099", "reported_at": "2099-01-01"}, "reported_at"),
    ({"report_id": "YEAR-1", "occurred_at": "0001-01-01T00:00:00+01:00"}, "occurred_at"),
]
GOOD = {"report_id": "GOOD", "phones": "081 234 5678", "loss_amount": "9999999999999.99"}


@pytest.fixture
def invoke(backend_settings: Settings):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    env = {"COUNTERFRAUD_DATA_DIR": str(backend_settings.data_dir),
           "COUNTERFRAUD_DATABASE_URL": str(backend_settings.database_url)}

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env=env)

    assert run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB").exit_code == 0
    return run


def test_bad_values_reject_their_rows_only(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "reports.jsonl"
    rows = [row for row, _ in BAD_VALUES + BAD_ROWS] + [GOOD]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = invoke("ingest", str(path), "--agency", "TH-CCIB", "--json")
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["accepted"], summary["rejected"]) == (len(BAD_VALUES) + 1, len(BAD_ROWS))
    assert [(w["line"], w["field"]) for w in summary["warnings"]] == [
        (line, field) for line, (_, field) in enumerate(BAD_VALUES, 1)]
    assert [(e["line"], e["field"]) for e in summary["errors"]] == [
        (line, field) for line, (_, field) in enumerate(BAD_ROWS, len(BAD_VALUES) + 1)]
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["reports"] == len(BAD_VALUES) + 1
    assert stats["loss_by_currency"] == {"THB": "9999999999999.99"}
