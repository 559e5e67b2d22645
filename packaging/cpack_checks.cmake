# Read by cpack (CPACK_PROJECT_CONFIG_FILE, set in packaging/debian.cmake) before it builds a
# package: the Debian changelog must have an entry for the version being packaged.
if(NOT CPACK_AIRTOK_CHANGELOG_VERSION STREQUAL CPACK_PACKAGE_VERSION)
  message(FATAL_ERROR
          "packaging/debian/changelog's newest entry is for ${CPACK_AIRTOK_CHANGELOG_VERSION}, "
          "but the package is airtok ${CPACK_PACKAGE_VERSION}: add an entry "
          "'airtok (${CPACK_PACKAGE_VERSION}-1) unstable; urgency=medium' at the top of it "
          "(e.g. with dch -v ${CPACK_PACKAGE_VERSION}-1), then run cmake again")
endif()
