"""make eval-dialogue: scripted multi-turn dialogues replayed through the web-chat door against the real servers,
scored from the final state of the evaluation client's database (issue 12, item 8)."""
