"""A fixed secret key for tests: made up here, never used outside the suite."""

from bot.storage.vault import Vault

TEST_SECRET_KEY = "a2luZHJlZC10ZXN0LWtleS1ub3QtYS1yZWFsLXNlY3I="  # noqa: S105 - test only
TEST_PSEUDONYM_KEY = b"kindred test pseudonym key, 32 b"


def make_test_vault() -> Vault:
    return Vault([TEST_SECRET_KEY], pseudonym_key=TEST_PSEUDONYM_KEY)
