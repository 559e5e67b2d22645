# The Debian package: `cpack -G DEB` (or just `cpack`) in the build directory writes
# airtok_<version>-<revision>_<arch>.deb there. Included from the top CMakeLists.txt after the
# install rules (cmake/install.cmake), whose files it packages under /usr, plus what only the
# package installs (component `deb`, never part of a plain `cmake --install`):
#   /usr/share/doc/airtok/copyright        packaging/debian/copyright (machine-readable format)
#   /usr/share/doc/airtok/changelog.Debian.gz  packaging/debian/changelog, compressed
#   /usr/lib/systemd/system/airtok.service packaging/airtok.service.in (not enabled: the package
#                                          has no maintainer script that would enable it)
#   /etc/default/airtok                    packaging/airtok.default, a conffile
#   /usr/share/lintian/overrides/airtok    packaging/debian/lintian-overrides, each with its reason
# The version is the project's; the Debian revision is the newest entry's of
# packaging/debian/changelog, whose upstream part must be the project's version (cpack stops
# with a message otherwise). tests/install/deb_test.sh builds the package and checks it.
if(NOT TARGET airtok_cli)
  message(STATUS "airtok: no Debian package without the command (AIRTOK_BUILD_CLI is OFF)")
  return()
endif()

set(airtok_deb_dir ${PROJECT_SOURCE_DIR}/packaging/debian)
set(airtok_deb_build_dir ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${airtok_deb_build_dir})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${airtok_deb_dir}/changelog
             ${airtok_deb_dir}/description)

# "airtok (0.1.0-1) unstable; urgency=medium" → upstream version 0.1.0, Debian revision 1.
file(STRINGS ${airtok_deb_dir}/changelog airtok_deb_head LIMIT_COUNT 1)
if(NOT airtok_deb_head MATCHES "^airtok \\(([^()]+)-([^()-]+)\\) ")
  message(FATAL_ERROR "packaging/debian/changelog: the first line, '${airtok_deb_head}', is not "
          "an entry heading like 'airtok (${PROJECT_VERSION}-1) unstable; urgency=medium'")
endif()
set(CPACK_AIRTOK_CHANGELOG_VERSION ${CMAKE_MATCH_1})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${CMAKE_MATCH_2})
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/packaging/cpack_checks.cmake)

set(AIRTOK_DEB_MAINTAINER
    "airtok maintainers <maintainers@users.noreply.r-seed-8ed565a1.example>"
    CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME airtok)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${AIRTOK_DEB_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# One package from every install component, the deb-only one included.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEBIAN_PACKAGE_NAME airtok)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${AIRTOK_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "exact, offline tokenizer for OpenAI's BPE encodings (as tiktoken)")
file(READ ${airtok_deb_dir}/description CPACK_DEBIAN_PACKAGE_DESCRIPTION)
# Depends: from the ELF files' needs (dpkg-shlibdeps, in dpkg-dev). A shlibs file lets other
# packages' dpkg-shlibdeps depend on this one for libairtok.so.<major>.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Linking the static library (and find_package(airtok), which looks for OpenSSL) needs these.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libpcre2-dev, libxxhash-dev, libssl-dev")
# Maintainer scripts: systemd re-reads the unit after an upgrade or removal, a running service
# is restarted after an upgrade and stopped before removal; none enables or starts it. ldconfig
# runs through a trigger (given these, cpack writes no scripts of its own).
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${airtok_deb_build_dir}/conffiles ${airtok_deb_dir}/triggers
    ${airtok_deb_dir}/postinst ${airtok_deb_dir}/prerm ${airtok_deb_dir}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# The unit names the installed command and environment file by their absolute paths.
set(AIRTOK_BINARY ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/airtok)
set(AIRTOK_ENVIRONMENT_FILE /etc/default/airtok)
configure_file(${PROJECT_SOURCE_DIR}/packaging/airtok.service.in
               ${airtok_deb_build_dir}/airtok.service @ONLY)
file(WRITE ${airtok_deb_build_dir}/conffiles "${AIRTOK_ENVIRONMENT_FILE}\n")
find_program(AIRTOK_GZIP gzip REQUIRED)
execute_process(COMMAND ${AIRTOK_GZIP} -9 -n -c ${airtok_deb_dir}/changelog
                OUTPUT_FILE ${airtok_deb_build_dir}/changelog.Debian.gz RESULT_VARIABLE result)
if(NOT result STREQUAL "0")
  message(FATAL_ERROR "gzip of packaging/debian/changelog failed: ${result}")
endif()

install(FILES ${airtok_deb_dir}/copyright ${airtok_deb_build_dir}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${airtok_deb_dir}/lintian-overrides DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME airtok COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES ${airtok_deb_build_dir}/airtok.service DESTINATION lib/systemd/system
        COMPONENT deb EXCLUDE_FROM_ALL)
# Absolute: only cpack installs this component, into its staging directory.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/airtok.default DESTINATION /etc/default
        RENAME airtok COMPONENT deb EXCLUDE_FROM_ALL)

include(CPack)
