"""The NLU inbox: user messages the model was unsure about, kept per client until an editor labels them.

A message lands here when its intent is `nlu_fallback` or its confidence is below the review threshold;
`make nlu-review` shows them one by one, and a labelled one becomes a training example. The inbox lives
in the client's own database, like its tickets, because the messages are the client's users' words.
"""
