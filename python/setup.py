"""Build winnow's Python module: libwinnow's sources compiled into a static
library (build_clib), then the extension winnow._winnow linked against it
and against the Debian libraries the library itself uses (Gumbo, utf8proc,
zlib, json-c).  The extension exports nothing but its init function, so
the library's symbols cannot clash with another copy in the process.

Build from the winnow source tree (python/ next to src/ and include/):
    pip install --no-build-isolation ./python
"""
import glob
import os
import re
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_clib import build_clib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GENERATED = os.path.join(HERE, 'build', 'include')


def fail(msg):
    sys.exit('winnow setup.py: ' + msg)


def cmake_lists():
    path = os.path.join(ROOT, 'CMakeLists.txt')
    if not os.path.exists(os.path.join(ROOT, 'include', 'winnow.h')) or not os.path.exists(path):
        fail('build from the winnow source tree (python/ next to include/, src/ and '
             'CMakeLists.txt); %s is not one' % ROOT)
    with open(path, encoding='utf-8') as f:
        return f.read()


def version(cmake):
    m = re.search(r'project\(\s*winnow\s+VERSION\s+(\d+)\.(\d+)\.(\d+)', cmake)
    if not m:
        fail('no "project(winnow VERSION x.y.z)" in CMakeLists.txt')
    return tuple(int(x) for x in m.groups())


def library_sources(cmake):
    # The list CMake builds the library from, so the two never disagree.
    m = re.search(r'set\(\s*WINNOW_SOURCES\s+([^)]*)\)', cmake)
    if not m:
        fail('no set(WINNOW_SOURCES ...) in CMakeLists.txt')
    # relative to this directory, as setuptools wants paths
    return [os.path.join('..', s) for s in m.group(1).split()]


def rel(paths):
    return [os.path.relpath(p, HERE) for p in paths]


def write_version_header(v):
    # What CMake's configure_file makes of src/winnow_version.h.in.
    with open(os.path.join(ROOT, 'src', 'winnow_version.h.in'), encoding='utf-8') as f:
        text = f.read()
    for key, val in (('PROJECT_VERSION_MAJOR', v[0]), ('PROJECT_VERSION_MINOR', v[1]),
                     ('PROJECT_VERSION_PATCH', v[2]), ('PROJECT_VERSION', '%d.%d.%d' % v)):
        text = text.replace('@%s@' % key, str(val))
    os.makedirs(GENERATED, exist_ok=True)
    path = os.path.join(GENERATED, 'winnow_version.h')
    old = None
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            old = f.read()
    if old != text:  # rewritten only when it changes, so nothing rebuilds for nothing
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    return path


def pkg_config(packages):
    """Include dirs, library dirs and libraries from pkg-config, or plain
    names when pkg-config or a .pc file is missing."""
    inc, libdirs, libs = [], [], []
    for pkg, fallback in packages:
        try:
            out = subprocess.run(['pkg-config', '--cflags', '--libs', pkg], check=True,
                                 capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError):
            libs.append(fallback)
            continue
        for tok in shlex.split(out):
            if tok.startswith('-I'):
                inc.append(tok[2:])
            elif tok.startswith('-L'):
                libdirs.append(tok[2:])
            elif tok.startswith('-l'):
                libs.append(tok[2:])
    return inc, libdirs, libs


cmake = cmake_lists()
ver = version(cmake)
version_header = write_version_header(ver)
sources = library_sources(cmake)
headers = rel(glob.glob(os.path.join(ROOT, 'src', '*.h')) + glob.glob(os.path.join(ROOT, 'src', '*.inc'))
           + glob.glob(os.path.join(ROOT, 'include', '*.h')) + [version_header])
pc_inc, pc_libdirs, pc_libs = pkg_config([('gumbo', 'gumbo'), ('libutf8proc', 'utf8proc'),
                                          ('zlib', 'z'), ('json-c', 'json-c')])
include_dirs = [os.path.join(ROOT, 'include'), GENERATED]

# As CMake's Release build compiles it (C11, POSIX 2008, -O3, NDEBUG), all
# symbols hidden: WINNOW_BUILDING is not defined, so WINNOW_EXPORT is empty.
libwinnow = ('winnow_static', {
    'sources': sources,
    'include_dirs': include_dirs + [os.path.join(ROOT, 'src')] + pc_inc,
    'macros': [('_POSIX_C_SOURCE', '200809L'), ('NDEBUG', '1')],
    'cflags': ['-std=c11', '-O3', '-g0', '-fvisibility=hidden'],
    'obj_deps': {'': headers},
})

ext = Extension(
    'winnow._winnow',
    sources=['_winnow.c'],
    include_dirs=include_dirs,
    define_macros=[('WNPY_VERSION', '"%d.%d.%d"' % ver)],
    # the static library first, then what it needs
    libraries=['winnow_static'] + pc_libs + ['pthread'],
    library_dirs=pc_libdirs,
    extra_compile_args=['-O2', '-g0', '-fvisibility=hidden'],
    depends=sources + headers,
)

class build_clib_here(build_clib):
    # The library's sources are ../src/*.c, so their objects land in
    # build_temp/../src: build_temp must exist for that path to resolve.
    def build_libraries(self, libraries):
        os.makedirs(self.build_temp, exist_ok=True)
        super().build_libraries(libraries)


setup(version='%d.%d.%d' % ver, packages=['winnow'],
      package_data={'winnow': ['py.typed', '*.pyi']}, libraries=[libwinnow], ext_modules=[ext],
      cmdclass={'build_clib': build_clib_here})
