from pos.cli import main

# guarded: the background sync's process (pos.sync.process, "spawn") imports this module again
if __name__ == "__main__":
    raise SystemExit(main())
