from minutebook.cli import main

raise SystemExit(main())
