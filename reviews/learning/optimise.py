"""Penalised logistic regressions on sparse binary features, fitted by L-BFGS in numpy.

Warm starts are priors: each model is fitted as an offset from a starting point (the shipped weights,
or the rules for the status model) with an L2 penalty on the offset, so with no data the fit is the
starting point and a few decisions can only move it a little.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


@dataclass(frozen=True, slots=True)
class Design:
    """A sparse row-major design matrix: row i has columns ``indices[indptr[i]:indptr[i+1]]`` (values 1)."""

    indices: np.ndarray
    indptr: np.ndarray
    n_columns: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """X @ weights for a vector (n_columns,) or a matrix (n_columns, k)."""
        gathered = weights[self.indices]
        sums = np.add.reduceat(gathered, self.indptr[:-1], axis=0) if len(self.indices) else gathered
        empty = self.indptr[1:] == self.indptr[:-1]
        if empty.any():
            sums = sums.copy()
            sums[empty] = 0
        return sums

    def transpose_dot(self, residual: np.ndarray) -> np.ndarray:
        """X.T @ residual for a vector (n_rows,) or a matrix (n_rows, k)."""
        counts = np.diff(self.indptr)
        rows = np.repeat(np.arange(self.n_rows), counts)
        if residual.ndim == 1:
            return np.bincount(self.indices, weights=residual[rows], minlength=self.n_columns)
        return np.stack(
            [
                np.bincount(self.indices, weights=residual[rows, k], minlength=self.n_columns)
                for k in range(residual.shape[1])
            ],
            axis=1,
        )


def design(rows: Sequence[Sequence[str]], columns: Mapping[str, int]) -> Design:
    """The design matrix of feature-name rows over ``columns`` (names not in it are dropped)."""
    indices: list[int] = []
    indptr = [0]
    for names in rows:
        seen = sorted({columns[name] for name in names if name in columns})
        indices.extend(seen)
        indptr.append(len(indices))
    return Design(np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64), len(columns))


def lbfgs(
    objective: Objective, start: np.ndarray, *, iterations: int = 200, memory: int = 10, tolerance: float = 1e-6
) -> np.ndarray:
    """Minimise a smooth convex ``objective`` (value, gradient) from ``start``: two-loop L-BFGS, backtracking."""
    x = start.astype(np.float64).copy()
    value, gradient = objective(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    for _ in range(iterations):
        if float(np.max(np.abs(gradient), initial=0.0)) < tolerance:
            break
        q = gradient.copy()
        alphas = []
        for s, y in zip(reversed(s_list), reversed(y_list), strict=True):
            rho = 1.0 / float(y @ s)
            alpha = rho * float(s @ q)
            alphas.append((rho, alpha))
            q -= alpha * y
        if s_list:
            q *= float(s_list[-1] @ y_list[-1]) / float(y_list[-1] @ y_list[-1])
        else:
            q /= max(1.0, float(np.linalg.norm(gradient)))
        for (s, y), (rho, alpha) in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            beta = rho * float(y @ q)
            q += (alpha - beta) * s
        direction = -q
        slope = float(gradient @ direction)
        if slope >= 0:  # not a descent direction: restart from the gradient
            s_list.clear()
            y_list.clear()
            direction = -gradient
            slope = float(gradient @ direction)
        step = 1.0
        while True:
            candidate = x + step * direction
            new_value, new_gradient = objective(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = candidate - x, new_gradient - gradient
        if float(s @ y) > 1e-10:
            s_list.append(s)
            y_list.append(y)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        improvement = value - new_value
        x, value, gradient = candidate, new_value, new_gradient
        if improvement < tolerance * max(1.0, abs(value)):
            break
    return x


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    value: np.ndarray = -np.logaddexp(0.0, -z)
    return value


def fit_binary(
    x: Design,
    labels: np.ndarray,
    *,
    offset: np.ndarray,
    penalty: float,
    weights: np.ndarray | None = None,
    iterations: int = 200,
) -> np.ndarray:
    """The offset ``d`` minimising sum_i w_i logloss(y_i, base_i + x_i.d) + penalty/2 |d|^2.

    ``offset`` is each row's logit under the starting model; the fitted logit is ``offset + X d``.
    """
    y = labels.astype(np.float64)
    w = np.ones_like(y) if weights is None else weights.astype(np.float64)

    def objective(d: np.ndarray) -> tuple[float, np.ndarray]:
        z = offset + x.dot(d)
        loss = -float(np.sum(w * (y * _log_sigmoid(z) + (1 - y) * _log_sigmoid(-z))))
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.transpose_dot(w * (p - y))
        return loss + 0.5 * penalty * float(d @ d), grad + penalty * d

    return lbfgs(objective, np.zeros(x.n_columns), iterations=iterations)


def fit_multinomial(
    x: Design,
    labels: np.ndarray,
    n_classes: int,
    *,
    start: np.ndarray,
    penalty: np.ndarray,
    iterations: int = 200,
) -> np.ndarray:
    """Coefficients W (n_columns, n_classes) minimising the cross-entropy + sum penalty_j/2 |W_j - start_j|^2.

    ``penalty`` is per column (a feature's prior precision), ``start`` the prior's centre.
    """
    shape = start.shape
    onehot = np.eye(n_classes)[labels]
    precision = penalty[:, None]

    def objective(flat: np.ndarray) -> tuple[float, np.ndarray]:
        coefficients = flat.reshape(shape)
        z = x.dot(coefficients)
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(np.sum(onehot * log_p))
        grad = x.transpose_dot(np.exp(log_p) - onehot)
        gap = coefficients - start
        return loss + 0.5 * float(np.sum(precision * gap * gap)), (grad + precision * gap).ravel()

    fitted: np.ndarray = lbfgs(objective, start.ravel(), iterations=iterations).reshape(shape)
    return fitted
