"""`python -m tests.e2e.run_code CODE`: run a snippet in a process of its own (a test's stand-in for another tool)."""

import sys

exec(sys.argv[1])  # the code comes from the test itself
