"""Which tariff files a station uses: the shipped examples, replaced file by file by the data
folder's own ``tariffs`` folder (the partner's contract prices survive an update)."""

from __future__ import annotations

from pathlib import Path

from pos.domain.tariffs import Tariff, load_tariffs

FOLDER = "tariffs"


def tariff_folders(data_root: Path | None) -> list[Path]:
    from pos.resources import resource  # where the shipped files are is start-up knowledge

    folders = [resource(FOLDER)]
    if data_root is not None:
        folders.append(Path(data_root) / FOLDER)
    return folders


def station_tariffs(data_root: Path | None) -> dict[str, Tariff]:
    """Read on each use, so an edited file counts without a restart; raises TariffFileError."""
    return load_tariffs(tariff_folders(data_root))
