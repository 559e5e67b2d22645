# Install rules: libraries, headers, the airtok command, a CMake package (find_package(airtok)
# gives airtok::airtok and airtok::airtok_static) and airtok.pc for pkg-config.
include(CMakePackageConfigHelpers)

set(AIRTOK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/airtok)
set(airtok_install_targets airtok airtok_static)
if(TARGET airtok_cli)
  list(APPEND airtok_install_targets airtok_cli)
endif()
install(TARGETS ${airtok_install_targets} EXPORT airtokTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/airtok DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT airtokTargets NAMESPACE airtok:: DESTINATION ${AIRTOK_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/airtokConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/airtokConfig.cmake
                              INSTALL_DESTINATION ${AIRTOK_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/airtokConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/airtokConfig.cmake
              ${PROJECT_BINARY_DIR}/airtokConfigVersion.cmake
        DESTINATION ${AIRTOK_CMAKE_DIR})

# The .pc file finds its prefix relative to itself, so the installed tree can be moved.
file(RELATIVE_PATH AIRTOK_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/airtok.pc.in ${PROJECT_BINARY_DIR}/airtok.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/airtok.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
