"""``python -m bot demo``: the emulator, the real bot and a small web client in one process.

``sandbox.Sandbox`` starts them, ``api`` is the page's read/act API and event stream,
``views`` decides what each member may see, ``seed`` builds the ``--seed community``
server and ``tour`` plays ``--tour``. See docs/demo.md.
"""
