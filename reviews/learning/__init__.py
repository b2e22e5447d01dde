"""Learning from the newsroom's own decisions (pure Python + numpy; no Django import).

``checkworthiness`` retrains the top of the check-worthiness model (the sparse model's weights as an
offset from the shipped ones, and the stacker) and ``status`` a status model over the rules' cues;
``evaluation`` holds the metrics and the paired bootstrap that decides promotion; ``replay`` measures
the loop on an annotated set. The Django side (``reviews.services.learning``) stores versions and
records which one scored each claim.
"""
