# SPDX-License-Identifier: MIT
# Debian packages by CPack (scripts/deb.sh; docs/packaging.md says why CPack and not
# debian/): the three install components as three packages,
#   mds          the program, its man page, bash completion and docs   (component program)
#   libmds0      libmds.so.0                                           (component library)
#   libmds-dev   header, libmds.so, libmds.a, mds.pc, the CMake package (component development)
# Their dependencies on Debian's runtime packages are what dpkg-shlibdeps finds the binaries
# really link (libunistring, libstemmer, xxHash, gumbo, libc), and the libraries libmds loads
# at run time, which dpkg-shlibdeps cannot see (OpenBLAS, ICU): named below as it would name
# them; libmds-dev adds the -dev packages whose pkg-config files mds.pc requires for a static
# link.
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
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "libunistring-dev, libstemmer-dev, libxxhash-dev, libgumbo-dev")

# The dependency dpkg-shlibdeps would write for library FILE (lib<NAME>.so.<SOVERSION>): the
# line of the shlibs file of the package that holds it; FALLBACK where dpkg cannot say (a
# library not installed by a package).
function(mds_deb_dependency file name soversion fallback out)
  set(dep ${fallback})
  get_filename_component(real "${file}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${real}" OUTPUT_VARIABLE owner ERROR_QUIET
                  RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0 AND owner MATCHES "^([^:,]+(:[a-z0-9]+)?): ")
    execute_process(COMMAND dpkg-query --control-show "${CMAKE_MATCH_1}" shlibs
                    OUTPUT_VARIABLE shlibs ERROR_QUIET RESULT_VARIABLE rc)
    string(REGEX MATCH "(^|\n)lib${name} ${soversion} ([^\n]+)" line "${shlibs}")
    if(rc EQUAL 0 AND line)
      set(dep "${CMAKE_MATCH_2}")
    endif()
  endif()
  set(${out} "${dep}" PARENT_SCOPE)
endfunction()
mds_deb_dependency("${MDS_OPENBLAS_FILE}" openblas 0 libopenblas0 MDS_DEB_OPENBLAS)
set(MDS_DEB_LOADED "${MDS_DEB_OPENBLAS}")
if(ICU_FOUND)
  string(REGEX MATCH "^[0-9]+" MDS_ICU_MAJOR "${ICU_VERSION}")
  mds_deb_dependency("${MDS_ICU_UC_FILE}" icuuc ${MDS_ICU_MAJOR} libicu${MDS_ICU_MAJOR} MDS_DEB_ICU)
  string(APPEND MDS_DEB_LOADED ", ${MDS_DEB_ICU}")
endif()
# CPack adds what dpkg-shlibdeps finds to these
set(CPACK_DEBIAN_LIBRARY_PACKAGE_DEPENDS "${MDS_DEB_LOADED}")
message(STATUS "mds: libmds0 depends on ${MDS_DEB_LOADED}, which it loads at run time")
include(CPack)
