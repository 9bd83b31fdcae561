# SPDX-License-Identifier: MIT
# Debian packages by CPack (scripts/deb.sh; docs/packaging.md says why CPack and not
# debian/): the three install components as three packages,
#   mds          the program, its man page, bash completion and docs   (component program)
#   libmds0      libmds.so.0                                           (component library)
#   libmds-dev   header, libmds.so, libmds.a, mds.pc, the CMake package (component development)
# Their dependencies on Debian's runtime packages are what dpkg-shlibdeps finds the binaries
# really link (OpenBLAS, libunistring, libstemmer, xxHash, gumbo, ICU, libc); libmds-dev adds
# the -dev packages whose pkg-config files mds.pc requires for a static link.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mds)
set(CPACK_PACKAGE_VENDOR "the mds authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "multi-document extractive summarization")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_CURRENT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL program library development)
set(CPACK_COMPONENT_PROGRAM_DEPENDS library)
set(CPACK_COMPONENT_DEVELOPMENT_DEPENDS library)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "the mds authors")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# summarize links libmds.so.0 of this build; its own package (libmds0) is a dependency given
# below, not one dpkg-shlibdeps could find in an installed package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_CURRENT_BINARY_DIR})
# libmds0 says which versions of it a program built against it needs (its shlibs file).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")

set(CPACK_DEBIAN_PROGRAM_PACKAGE_NAME mds)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_SECTION text)
set(CPACK_COMPONENT_PROGRAM_DESCRIPTION
    "multi-document extractive summarization: the summarize program
summarize takes a cluster of documents on one topic (news reports of one event)
and writes a short extractive summary: the most central sentences, none saying
the same thing twice, each traceable to the file and byte range it came from.
Plain text, SGML and web pages; many languages; batch mode for corpora.")
set(CPACK_DEBIAN_LIBRARY_PACKAGE_NAME libmds0)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_SECTION libs)
set(CPACK_COMPONENT_LIBRARY_DESCRIPTION
    "multi-document extractive summarization: the shared library
libmds, the library behind the summarize program: C API in one header.")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libmds-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION
    "multi-document extractive summarization: development files
The header mds.h, libmds.so and the static libmds.a, the pkg-config file
mds.pc and the CMake package (find_package(mds), target mds::mds).")
set(MDS_DEV_DEPENDS "libopenblas-dev, libunistring-dev, libstemmer-dev, libxxhash-dev, libgumbo-dev")
if(ICU_FOUND)
  string(APPEND MDS_DEV_DEPENDS ", libicu-dev")
endif()
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS ${MDS_DEV_DEPENDS})
include(CPack)
