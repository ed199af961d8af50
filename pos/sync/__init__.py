"""Station ↔ county sync: the wire contract both sides share (pos.sync.contract)."""
