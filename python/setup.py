# SPDX-License-Identifier: MIT
"""Builds the mds module against an installed libmds (the shared library and mds.h).

Where the library is found, in order:
  MDS_PREFIX=DIR    an install prefix (cmake --install build --prefix DIR): its
                    lib*/pkgconfig/mds.pc, else DIR/include and DIR/lib
  pkg-config mds    as installed (/usr, /usr/local, or PKG_CONFIG_PATH)
A library outside the linker's default directories is found at run time through an rpath
to its directory, so nothing needs LD_LIBRARY_PATH.

Only setuptools (Debian's python3-setuptools) is needed, and no network: there is
deliberately no pyproject.toml, so that pip builds with the setuptools it already has
instead of fetching one into an isolated environment.
"""
import glob
import os
import re
import shlex
import subprocess
import sys

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
SYSTEM_LIBDIRS = {"/lib", "/usr/lib", "/lib64", "/usr/lib64"}


def fail(msg):
    sys.exit("mds setup: " + msg)


def pkg_config(args, pc_path=None):
    env = dict(os.environ)
    if pc_path:
        env["PKG_CONFIG_PATH"] = os.pathsep.join(
            [pc_path] + ([env["PKG_CONFIG_PATH"]] if env.get("PKG_CONFIG_PATH") else []))
    try:
        out = subprocess.run(["pkg-config"] + args + ["mds"], env=env, check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        return None
    except subprocess.CalledProcessError:
        return None
    return shlex.split(out)


def library_flags():
    """(include_dirs, library_dirs, libraries, extra_link_args, source) for libmds."""
    prefix = os.environ.get("MDS_PREFIX")
    pc_dir = None
    if prefix:
        prefix = os.path.abspath(prefix)
        pcs = sorted(glob.glob(os.path.join(prefix, "lib*", "pkgconfig", "mds.pc")) +
                     glob.glob(os.path.join(prefix, "lib", "*", "pkgconfig", "mds.pc")))
        if pcs:
            pc_dir = os.path.dirname(pcs[0])
        else:
            inc = os.path.join(prefix, "include")
            libs = [d for d in sorted(glob.glob(os.path.join(prefix, "lib*")))
                    if glob.glob(os.path.join(d, "libmds.so*"))]
            if not os.path.exists(os.path.join(inc, "mds.h")) or not libs:
                fail("MDS_PREFIX=%s holds no lib*/pkgconfig/mds.pc, nor include/mds.h and "
                     "lib/libmds.so" % prefix)
            return [inc], [libs[0]], ["mds"], "MDS_PREFIX=" + prefix
    cflags = pkg_config(["--cflags"], pc_dir)
    libs = pkg_config(["--libs"], pc_dir)
    if cflags is None or libs is None:
        fail("libmds not found: install it (cmake --install build, or the libmds-dev "
             "package), then build with pkg-config finding mds.pc (PKG_CONFIG_PATH) or "
             "with MDS_PREFIX=the install prefix")
    incs = [f[2:] for f in cflags if f.startswith("-I")]
    libdirs = [f[2:] for f in libs if f.startswith("-L")]
    names = [f[2:] for f in libs if f.startswith("-l")]
    where = "pkg-config" + (" (%s)" % pc_dir if pc_dir else "")
    return incs, libdirs, names, where


def version(include_dirs):
    for d in include_dirs + ["/usr/local/include", "/usr/include"]:
        h = os.path.join(d, "mds.h")
        if os.path.exists(h):
            with open(h, encoding="utf-8") as f:
                m = re.search(r'#define MDS_VERSION_STRING "([^"]+)"', f.read())
            if m:
                return m.group(1)
    return "0"


include_dirs, library_dirs, libraries, source = library_flags()
# An rpath to a library outside the default directories (a prefix of one's own).
rpath = [d for d in library_dirs
         if os.path.realpath(d) not in SYSTEM_LIBDIRS
         and not re.match(r"^/usr/lib/[^/]+-linux-gnu[^/]*$", os.path.realpath(d))]
if "build_ext" in sys.argv or "bdist_wheel" in sys.argv or "install" in sys.argv:
    print("mds setup: libmds from %s: -I%s -L%s" % (source, " -I".join(include_dirs) or "-",
                                                    " -L".join(library_dirs) or "-"))

with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
    long_description = f.read()

setup(
    name="mds",
    version=version(include_dirs),
    description="Multi-document extractive summarization (Python bindings of libmds)",
    long_description=long_description,
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.8",
    packages=["mds"],
    package_data={"mds": ["py.typed", "*.pyi"]},
    ext_modules=[
        Extension(
            "mds._mds",
            sources=["mds/_mds.c"],
            include_dirs=include_dirs,
            library_dirs=library_dirs,
            libraries=libraries,
            runtime_library_dirs=rpath,
            extra_compile_args=["-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter",
                                "-Wno-missing-field-initializers"],
        )
    ],
    zip_safe=False,
)
