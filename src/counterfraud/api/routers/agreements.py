"""Agreements: an agency's admins grant and revoke; its analysts read what binds them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from counterfraud.api.deps import Analyst, StoreDep, own_agency, viewer_with_role
from counterfraud.api.params import RecordId, UtcDateTime
from counterfraud.api.routers import error_responses
from counterfraud.api.schemas import RequestBody
from counterfraud.domain import ApiRole, Viewer
from counterfraud.services import agreements

router = APIRouter(prefix="/agreements", tags=["agreements"],
                   responses=error_responses(401, 403, 503))
Admin = Annotated[Viewer, Depends(viewer_with_role(ApiRole.ADMIN))]


class AgreementIn(RequestBody):
    grantee: str = Field(description="The agency that will see your records, e.g. TH-CCIB.")
    markings: list[str] = Field(min_length=1, description="e.g. [\"TLP:GREEN\", \"TLP:AMBER\"]"
                                "; TLP:RED is refused.")
    record_types: list[str] = Field(
        min_length=1, description="report, sighting, link, blocklist_entry, network or all.")
    purpose: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Field(description="bilateral_mou, mlat, interpol or joint_operation.")
    reference: str = Field("", max_length=256, description="MoU, treaty or case reference.")
    valid_from: UtcDateTime | None = Field(None, description="Default: now.")
    valid_to: UtcDateTime | None = None


class AgreementOut(BaseModel):
    id: int | None
    grantor: str
    grantee: str
    markings: list[str]
    record_types: list[str]
    purpose: str
    legal_basis: str
    reference: str
    valid_from: str
    valid_to: str | None
    revoked_at: str | None

    @classmethod
    def of(cls, found: Any) -> AgreementOut:
        return cls.model_validate(found.as_dict())


@router.get("", response_model=list[AgreementOut])
def list_agreements(viewer: Analyst, store: StoreDep) -> list[AgreementOut]:
    """The agreements your agency grants or receives, oldest first."""
    return [AgreementOut.of(a) for a in agreements.list_agreements(
        store, agency=own_agency(viewer))]


@router.post("", response_model=AgreementOut, status_code=201,
             responses=error_responses(404, 409))
def add_agreement(body: AgreementIn, viewer: Admin, store: StoreDep) -> AgreementOut:
    """Share your agency's records with another agency (one direction: yours to theirs).
    409 when one of yours already grants the same markings and record types under the
    same legal basis and reference over an overlapping period."""
    grantor = own_agency(viewer)
    return AgreementOut.of(agreements.add_agreement(
        store, grantor=grantor, grantee=body.grantee, markings=body.markings,
        record_types=body.record_types, purpose=body.purpose, legal_basis=body.legal_basis,
        reference=body.reference, valid_from=body.valid_from, valid_to=body.valid_to,
        created_by=f"{grantor}:{viewer.role.value}"))


@router.post("/{agreement_id}/revoke", response_model=AgreementOut,
             responses=error_responses(404))
def revoke_agreement(agreement_id: RecordId, viewer: Admin, store: StoreDep) -> AgreementOut:
    """Stop sharing from now on; only the granting agency can revoke."""
    return AgreementOut.of(agreements.revoke_agreement(
        store, agreement_id, grantor=own_agency(viewer)))
