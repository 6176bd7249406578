"""Build the Cython kernels in accel/.

Every ``accel/_*.pyx`` becomes an extension module of the same name. Metadata and
dependencies live in pyproject.toml; this file only adds the compiled parts.
"""

from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

KERNEL_DIR = Path(__file__).parent / "accel"


def kernel_extensions() -> list[Extension]:
    extensions = []
    for source in sorted(KERNEL_DIR.glob("_*.pyx")):
        extensions.append(
            Extension(
                f"accel.{source.stem}",
                [str(source.relative_to(Path(__file__).parent))],
                extra_compile_args=["-O3"],
            )
        )
    return extensions


setup(
    ext_modules=cythonize(
        kernel_extensions(),
        language_level=3,
        compiler_directives={"boundscheck": False, "wraparound": False, "cdivision": True},
    ),
)
