"""Benchmark of the podcast plugin's cost on a big site: `python -m tools.bench [--quick] [--runs N] [--keep DIR]`.

The question (issue "Performance: a podcast of 200 one-hour episodes costs the build almost nothing"):
what does the plugin add to a build, compared with the same site whose episodes are plain pages?

- `corpus`: the site (1,000 articles, 200 one-hour episodes, each its own audio file) and its twin,
  the baseline, where the episodes are plain pages and the podcast plugin is off;
- `child`: one build in a fresh interpreter, which then reports its peak RSS and bytes read;
- `runs`: the builds, baseline and plugin interleaved (cold, warm, one article edited, one episode edited);
- `side_checks`: the feed of 1,000 episodes timed in-process, and durations against a full decode;
- `report`: the table of targets, PASS/FAIL.
"""

import os
import sys
from pathlib import Path

# The podcast plugin of this checkout, whichever checkout pip installed it from (an editable install
# points at one folder): here and in every build the benchmark starts, as the tests do (conftest.py).
PODCAST_DISTRIBUTION = str(Path(__file__).resolve().parent.parent.parent / "pelican-podcast")
if sys.path[:1] != [PODCAST_DISTRIBUTION]:
    sys.path.insert(0, PODCAST_DISTRIBUTION)
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [PODCAST_DISTRIBUTION, os.environ.get("PYTHONPATH")]))
