"""The gaps page's grouping on a small hand-made set of questions (French and English, four problems, two lone
ones): the cosine distances within and between problems under the KB's default encoder, and the groups
kb_index.gaps.cluster makes at its DISTANCE and around it. Figures, not assertions (kb_index/gaps.py cites them).

    .venv/bin/python -m bench.gaps_grouping
"""

import time

import numpy as np

from kb_index import config, encoders
from kb_index.gaps import DISTANCE, cluster

QUESTIONS = {
    "outlook": ["Outlook plante au démarrage", "Outlook crashes when it starts",
                "Outlook se ferme tout seul à l'ouverture", "my Outlook closes right after opening"],
    "vpn": ["le VPN se déconnecte toutes les heures", "VPN keeps dropping every hour", "je perds le VPN sans arrêt"],
    "printer": ["l'imprimante du 2e étage n'imprime plus", "the printer on floor 2 prints nothing",
                "impossible d'imprimer sur l'imprimante du deuxième"],
    "password": ["j'ai oublié mon mot de passe Windows", "I forgot my Windows password"],
    "alone": ["comment réserver une salle de réunion", "the badge reader refuses my card"],
}


def main() -> None:
    spec = config.model_specs()[0]
    started = time.perf_counter()
    encoder = encoders.get(spec)
    texts = [text for group in QUESTIONS.values() for text in group]
    labels = [name for name, group in QUESTIONS.items() for _ in group]
    vectors = encoder.encode(texts)
    print(f"encoder {spec}: loaded and {len(texts)} questions encoded in {time.perf_counter() - started:.2f} s")
    distances = 1 - vectors @ vectors.T
    same = [distances[i, j] for i in range(len(texts)) for j in range(i) if labels[i] == labels[j] != "alone"]
    other = [distances[i, j] for i in range(len(texts)) for j in range(i) if labels[i] != labels[j]]
    print(f"same problem: distance {np.min(same):.2f}-{np.max(same):.2f} (mean {np.mean(same):.2f})")
    print(f"different problems: distance {np.min(other):.2f}-{np.max(other):.2f} (mean {np.mean(other):.2f})")
    for cut in (DISTANCE - 0.1, DISTANCE, DISTANCE + 0.1):
        groups = cluster(vectors, cut)
        pure = sum(len({labels[row] for row in rows}) == 1 for rows in groups)
        print(f"cut {cut:.2f}: {len(groups)} groups ({pure} pure): "
              + " | ".join(",".join(labels[row] for row in rows) for rows in groups))


if __name__ == "__main__":
    main()
