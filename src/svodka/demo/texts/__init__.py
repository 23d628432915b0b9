"""The sample corpus: hand-written articles, one file per event (format in ``svodka.demo.corpus``)."""
