"""The bundled sample news web for ``svodka demo``, the end-to-end tests and the benchmark.

``SampleWeb``: eight hand-written outlets (ru, uk, en), one HTTP server per outlet.
``SyntheticWeb``: a large procedurally composed web with the same API.
``FaultyWeb``: sources that fail in the ways real ones do.
"""

from svodka.demo.faulty import FaultySource, FaultyWeb
from svodka.demo.model import SampleArticle, SampleOutlet
from svodka.demo.sample import SampleWeb
from svodka.demo.synthetic import SyntheticWeb

__all__ = ["FaultySource", "FaultyWeb", "SampleArticle", "SampleOutlet", "SampleWeb",
           "SyntheticWeb"]
