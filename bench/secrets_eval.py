"""`make eval-secrets`: how well servicedesk.privacy.secrets masks what users type, on held-out messages.

bench/secrets_heldout.yml was written apart from the patterns and their test set and is never used to tune
them. A message with secrets counts as caught when none of its secret strings is left in the masked text; a
message without any counts as a false positive when masking changed it (an error code or a ticket number
hidden from the agent is a loss too).
"""

from pathlib import Path

import yaml

from servicedesk.privacy.secrets import mask_secrets

HELD_OUT = Path(__file__).resolve().parent / "secrets_heldout.yml"


def main() -> None:
    rows = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    with_secret = [r for r in rows if r.get("secrets")]
    without = [r for r in rows if not r.get("secrets")]
    missed, over = [], []
    for row in with_secret:
        masked = mask_secrets(row["text"]).text
        if any(secret in masked for secret in row["secrets"]):
            missed.append((row["text"], masked))
    for row in without:
        masked = mask_secrets(row["text"]).text
        if masked != row["text"]:
            over.append((row["text"], masked))
    caught = len(with_secret) - len(missed)
    print(f"held-out messages: {len(rows)} ({len(with_secret)} with a secret, {len(without)} without)")
    print(f"secrets caught (recall):      {caught}/{len(with_secret)} = {caught / len(with_secret):.2f}")
    print(f"benign messages left intact:  {len(without) - len(over)}/{len(without)} = "
          f"{(len(without) - len(over)) / len(without):.2f}")
    for text, masked in missed:
        print(f"  missed: {text}\n       -> {masked}")
    for text, masked in over:
        print(f"  over-masked: {text}\n            -> {masked}")


if __name__ == "__main__":
    main()
