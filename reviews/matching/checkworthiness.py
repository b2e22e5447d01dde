"""Check-worthiness from MiniLM with a fine-tuned top layer (torch; outside ``reviews.extraction``).

all-MiniLM-L6-v2's layers 1-5 are shared: the original layer 6 (mean-pooled, L2-normalised) gives the
matching vector, exactly as :func:`reviews.matching.embedding.embed`; a copy of layer 6 fine-tuned on
ClaimBuster (with mean pooling, L2 norm and a 3-class NFS / UFS / CFS linear head) gives the
embedding-side check-worthiness logit, log P(CFS) / (1 - P(CFS)), that
``reviews.extraction.model.combine`` stacks with the sparse logit. One pass over layers 1-5 serves both.

The fine-tuned layer ships as ``data/checkworthiness_top.npz`` (fp16, ~3.5 MB; written by
``scripts/train_checkworthiness.py --finetune``). CPU, one thread, eval mode: deterministic.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reviews.matching import embedding

if TYPE_CHECKING:
    import torch

TOP_PATH = Path(__file__).with_name("data") / "checkworthiness_top.npz"
SHARED_LAYERS = 5  # layers 1..5 are shared; the top (6th) layer is the one fine-tuned

_lock = threading.Lock()
_top = None


def _module_class():  # a torch.nn.Module subclass, built lazily (torch imported on use)
    import torch
    import torch.nn.functional as F
    from torch import nn

    class TopLayer(nn.Module):
        """A BERT encoder layer (post-LayerNorm, GELU) + masked mean pooling + L2 norm + linear head."""

        def __init__(self, hidden: int = 384, intermediate: int = 1536, heads: int = 12, dropout: float = 0.1) -> None:
            super().__init__()
            self.heads = heads
            self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
            self.attention_output = nn.Linear(hidden, hidden)
            self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
            self.intermediate = nn.Linear(hidden, intermediate)
            self.output = nn.Linear(intermediate, hidden)
            self.output_norm = nn.LayerNorm(hidden, eps=1e-12)
            self.head = nn.Linear(hidden, 3)
            self.dropout = nn.Dropout(dropout)

        def encode(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            """Unit-length pooled vectors from layer-5 states ``hidden`` (b, L, d) and a bool ``mask`` (b, L)."""
            b, length, d = hidden.shape
            size = d // self.heads

            def split(x: torch.Tensor) -> torch.Tensor:
                return x.view(b, length, self.heads, size).transpose(1, 2)

            q, k, v = split(self.query(hidden)), split(self.key(hidden)), split(self.value(hidden))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(size)
            scores = scores.masked_fill(~mask[:, None, None, :], torch.finfo(scores.dtype).min)
            context = (self.dropout(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, length, d)
            h1 = self.attention_norm(self.dropout(self.attention_output(context)) + hidden)
            h2 = self.output_norm(self.dropout(self.output(F.gelu(self.intermediate(h1)))) + h1)
            weights = mask[..., None].to(h2.dtype)
            pooled = (h2 * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return F.normalize(pooled, dim=-1)

        def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            return self.head(self.encode(hidden, mask))

        def copy_layer(self, layer) -> None:  # a transformers BertLayer
            """Start from a pretrained BERT layer's weights."""
            attention, intermediate, output = layer.attention, layer.intermediate, layer.output
            pairs = [
                (self.query, attention.self.query),
                (self.key, attention.self.key),
                (self.value, attention.self.value),
                (self.attention_output, attention.output.dense),
                (self.attention_norm, attention.output.LayerNorm),
                (self.intermediate, intermediate.dense),
                (self.output, output.dense),
                (self.output_norm, output.LayerNorm),
            ]
            with torch.no_grad():
                for mine, theirs in pairs:
                    mine.weight.copy_(theirs.weight)
                    mine.bias.copy_(theirs.bias)

    return TopLayer


def new_top_layer():
    return _module_class()()


def cfs_logits(z):  # (n, 3) class scores -> (n,) log-odds of CFS
    import torch

    return z[:, 2] - torch.logaddexp(z[:, 0], z[:, 1])


def save_top(module, path: Path = TOP_PATH) -> None:
    state = {name: value.detach().cpu().numpy().astype(np.float16) for name, value in module.state_dict().items()}
    np.savez(path, **state)


def load_top(path: Path = TOP_PATH):
    """The fine-tuned top layer in eval mode (fp32 from the fp16 file); raises OSError when missing."""
    import torch

    with np.load(path) as data:
        state = {name: torch.from_numpy(data[name].astype(np.float32)) for name in data.files}
    module = new_top_layer()
    module.load_state_dict(state)
    return module.eval()


def get_top():
    global _top
    if _top is None:
        with _lock:
            if _top is None:
                embedding.get_model()  # sets the thread count and offline flags, and fails the same way
                _top = load_top(TOP_PATH)
    return _top


def available() -> bool:
    try:
        get_top()
    except (embedding.EmbeddingUnavailable, OSError, ValueError, KeyError, RuntimeError):
        return False
    return True


def embed_and_score(texts: Sequence[str], *, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """(unit matching vectors, as ``embedding.embed``; embedding-side check-worthiness logits), one pass."""
    import torch

    n = len(texts)
    vectors = np.zeros((n, embedding.DIMENSIONS), dtype=np.float32)
    logits = np.zeros(n, dtype=np.float64)
    if not n:
        return vectors, logits
    model = embedding.get_model()
    top = get_top()
    tokenizer, bert = model.tokenizer, model[0].auto_model
    order = sorted(range(n), key=lambda i: -len(texts[i]))  # similar lengths together: little padding
    with torch.inference_mode():
        for start in range(0, n, batch_size):
            chunk = order[start : start + batch_size]
            encoded = tokenizer(
                [texts[i] for i in chunk],
                padding=True,
                truncation=True,
                max_length=model.max_seq_length,
                return_tensors="pt",
            )
            out = bert(**encoded, output_hidden_states=True)
            mask = encoded["attention_mask"].bool()
            weights = mask[..., None].to(out.last_hidden_state.dtype)
            pooled = (out.last_hidden_state * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            vectors[chunk] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            logits[chunk] = cfs_logits(top(out.hidden_states[SHARED_LAYERS], mask)).double().numpy()
    return vectors, logits


def score(texts: Sequence[str]) -> np.ndarray:
    """Embedding-side check-worthiness logits only (``extract --per-line``)."""
    return embed_and_score(texts)[1]
