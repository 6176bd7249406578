"""Run every benchmark in turn."""

import sys

from bench import kernels

sys.exit(kernels.main())
