"""The end-of-shift report on paper and in a spreadsheet: PDF and CSV files of a :class:`DayReport`.

The desk (from a worker thread) and ``desk report`` (from the command line)
render through here, so both write the same files. The PDF uses QtGui only
(no widgets), which runs offscreen.
"""
