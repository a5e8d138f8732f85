"""A listwise logistic scorer: one weight per feature, a softmax over each decision's candidates.

Used where attrib learns a choice among a handful of candidates from hand-built features (the speaker of a
quote the model found without a speaker mention, :mod:`attrib.implicit`; the pairing experiment in
``scripts/pairing_experiment.py``). Training is full-batch L-BFGS on the mean negative log-likelihood of the
right candidate plus an L2 penalty, so it is deterministic: the same groups give the same weights.
"""

from __future__ import annotations

import numpy as np


def train(groups: list[tuple[np.ndarray, int]], l2: float = 1e-3, max_iter: int = 300) -> np.ndarray:
    """Weights for ``groups``: (candidate × feature matrix, index of the right candidate) per decision."""
    import torch  # only when training: the scorer itself is a dot product

    x = torch.from_numpy(np.concatenate([f for f, _ in groups]).astype(np.float64))
    gid = torch.from_numpy(np.concatenate([np.full(len(f), i) for i, (f, _) in enumerate(groups)]))
    offsets = np.cumsum([0] + [len(f) for f, _ in groups[:-1]])
    pos = torch.from_numpy(offsets + np.array([h for _, h in groups]))
    w = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], max_iter=max_iter, line_search_fn="strong_wolfe")
    n = len(groups)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        s = x @ w
        top = torch.full((n,), -1e9, dtype=s.dtype).scatter_reduce(0, gid, s, "amax")
        logz = top + torch.log(torch.zeros(n, dtype=s.dtype).scatter_add(0, gid, torch.exp(s - top[gid])))
        loss = (logz.sum() - s[pos].sum()) / n + l2 * (w**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach().numpy()
