"""Dask clusters for ``kehoach ingest --dask-address``: is the scheduler there? (imports no Prefect)."""
from __future__ import annotations

DASK_CONNECT_TIMEOUT = 5  # seconds to reach a Dask scheduler given by --dask-address


def check_scheduler(address: str, timeout: float = DASK_CONNECT_TIMEOUT) -> None:
    """Raise :class:`~pipeline.errors.ClusterError` (one line) unless a Dask scheduler answers
    at ``address`` within ``timeout`` seconds."""
    import asyncio

    from distributed.comm import connect

    from pipeline.errors import ClusterError

    async def probe():
        comm = await connect(address, timeout=timeout)
        await comm.close()

    try:
        asyncio.run(probe())
    except (OSError, ValueError, TypeError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
