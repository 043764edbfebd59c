"""``kg train``: fit the extractor's learned scorers on annotated documents."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import console, err_console, handle_errors
from kg.errors import KgError


@click.command()
@click.option("--gold", "gold_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of annotated documents (X.json next to X.txt); repeatable. Default: the training "
                   "split and the dev sets of tests/data.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write entities.json, relations.json and instruments.json. Default: the package's loaders/models.")
@handle_errors
def train(gold_dirs: tuple[Path, ...], out_dir: Path | None) -> None:
    """Train the extractor's entity and relation scorers and its instrument classifier (scikit-learn:
    pip install '.[train]').

    Deterministic: the same documents give the same model files.  The frozen
    test split (tests/data/real/test) is refused.  Run from the repository.

    \b
    Example:
        kg train
        kg train --gold tests/data/real/train --out /tmp/models
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise KgError("kg train needs scikit-learn: pip install '.[train]'") from None
    from kg.loaders import training

    dirs = list(gold_dirs) or [Path(d) for d in training.DEFAULT_DIRS]
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        raise KgError(f"no such folder: {', '.join(missing)} (run kg train from the repository, or give --gold)")
    target = out_dir or Path(training.__file__).resolve().parent / "models"
    models = training.train_models(dirs, target, log=lambda msg: err_console.print(f"[dim]{msg}[/dim]"))
    for name, m in models.items():
        t = m["trained_on"]
        if "cv_accuracy" in t:
            console.print(f"{name}: {t['candidates']} schemes from {t['documents']} documents, cross-validated "
                          f"accuracy {t['cv_accuracy']:.3f} (cue rules {t['rules_accuracy']:.3f}) → "
                          f"{target / (name + '.json')}")
            continue
        console.print(f"{name}: {t['candidates']} candidates from {t['documents']} documents, "
                      f"cross-validated F1 {t['cv_f1']:.3f}, threshold {m['threshold']} → {target / (name + '.json')}")


def register(main: click.Group) -> None:
    main.add_command(train)
