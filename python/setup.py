"""Builds airtok's extension module with the project's CMake, for pip.

The C++ library and the binding are one CMake build (the repository's top-level CMakeLists.txt
with AIRTOK_BUILD_PYTHON=ON); this file only runs it and copies the module into the package.
It therefore needs the whole source tree around it (python/ inside the repository): build from
a checkout, not from an sdist.

Environment:
  CMAKE                        the cmake to run (default: cmake on PATH, 3.25 or newer)
  CMAKE_BUILD_PARALLEL_LEVEL   build jobs (default: all cores)
  AIRTOK_CMAKE_BUILD_DIR       CMake build directory (default: inside setuptools' build_temp)
  AIRTOK_CMAKE_ARGS            extra arguments for the CMake configure step, e.g.
                               "-DAIRTOK_NATIVE=ON"
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        if not (ROOT / "CMakeLists.txt").is_file() or not (ROOT / "src").is_dir():
            raise RuntimeError(
                f"airtok's C++ sources are not at {ROOT}: build the Python package from a "
                "checkout of the repository (pip install <repo>/python), not from a copy of "
                "python/ alone"
            )
        default_dir = Path(self.build_temp) / "cmake"
        build_dir = Path(os.environ.get("AIRTOK_CMAKE_BUILD_DIR") or default_dir)
        cmake = os.environ.get("CMAKE", "cmake")
        configure = [
            "-DCMAKE_BUILD_TYPE=Release",
            "-DAIRTOK_BUILD_PYTHON=ON",
            "-DAIRTOK_BUILD_TESTS=OFF",
            "-DAIRTOK_BUILD_CLI=OFF",
            "-DAIRTOK_BUILD_BENCH=OFF",
            "-DAIRTOK_INSTALL=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ]
        try:  # pybind11 from pip (an isolated build) rather than Debian's pybind11-dev
            import pybind11

            configure.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        configure += shlex.split(os.environ.get("AIRTOK_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run([cmake, "-S", str(ROOT), "-B", str(build_dir), *configure], check=True)
        subprocess.run(
            [cmake, "--build", str(build_dir), "--target", "_airtok", "--parallel", jobs],
            check=True,
        )
        target = Path(self.get_ext_fullpath(ext.name))
        built = build_dir / "python" / "airtok" / target.name
        if not built.is_file():
            raise RuntimeError(f"CMake did not produce {built}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[CMakeExtension("airtok._airtok")], cmdclass={"build_ext": CMakeBuild})
