"""Bank accounts (IBAN, card, domestic account) and checksum-validated crypto wallets."""

from __future__ import annotations

import pytest

from counterfraud.identifiers import InvalidIdentifier, normalize

BANK = [
    # (raw, value, type)
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "iban"),
    ("gb82-west-1234-5698-7654-32", "GB82WEST12345698765432", "iban"),
    ("4111 1111 1111 1111", "4111111111111111", "card"),
    ("5500-0000-0000-0004", "5500000000000004", "card"),
    ("3782 822463 10005", "378282246310005", "card"),
    ("6222021234567890123", "6222021234567890123", "account"),  # CN, fails Luhn
    ("4111 1111 1111 1112", "4111111111111112", "account"),  # card IIN, fails Luhn
    ("123-4-56789-0", "1234567890", "account"),  # TH
    ("0123.456.789", "0123456789", "account"),
    ("123456", "123456", "account"),
    ("1" * 34, "1" * 34, "account"),
]


@pytest.mark.parametrize(("raw", "value", "kind"), BANK, ids=[r for r, _, _ in BANK])
def test_bank_account(raw: str, value: str, kind: str) -> None:
    identifier = normalize("bank_account", raw)
    assert identifier.value == value
    assert identifier.details["type"] == kind


BANK_REJECTS = [
    ("DE89 3704 0044 0532 0130 01", "invalid IBAN"),
    ("XX89 3704 0044 0532 0130 00", "invalid IBAN"),
    ("12345", "6 to 34"),
    ("1" * 35, "6 to 34"),
    ("12345A789", "only digits"),
    ("１２３４５６７８", None),  # full-width digits are folded: accepted
    ("acct: 12345678", "only digits"),
]


@pytest.mark.parametrize(("raw", "reason"), BANK_REJECTS, ids=[r[:24] for r, _ in BANK_REJECTS])
def test_bank_account_rejects(raw: str, reason: str | None) -> None:
    if reason is None:
        assert normalize("bank_account", raw).value == "12345678"
        return
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("bank_account", raw)
    assert reason in caught.value.reason


WALLETS = [
    # (raw, value, chain)
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bitcoin"),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
     "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bitcoin"),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
     "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bitcoin"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
     "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bitcoin"),  # taproot
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
     "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "ethereum"),  # EIP-55
    ("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",
     "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "ethereum"),  # all lower
    ("0XDBF03B407C01E7CD3CBEA99509D93F8DDDC8C6FB",
     "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb", "ethereum"),  # all upper
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron"),
]


@pytest.mark.parametrize(("raw", "value", "chain"), WALLETS, ids=[r[:12] for r, _, _ in WALLETS])
def test_wallet(raw: str, value: str, chain: str) -> None:
    identifier = normalize("crypto_wallet", raw)
    assert identifier.value == value
    assert identifier.details["chain"] == chain


WALLET_REJECTS = [
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "bitcoin"),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ", "mixed-case"),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "checksum"),  # v0 with bech32m sum
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "checksum"),  # v1+bech32
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55"),
    ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "not a bitcoin"),
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "tron"),
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "tron"),
    ("LcHK8wSLs3gRRg4dHJ1ooEkhMQzLNdmt3c", "not a bitcoin"),
]


@pytest.mark.parametrize(("raw", "reason"), WALLET_REJECTS, ids=[r for r, _ in WALLET_REJECTS])
def test_wallet_rejects(raw: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalize("crypto_wallet", raw)
    assert reason in caught.value.reason
