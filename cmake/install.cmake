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

# The command's man page and shell completions, written by the built command itself (`airtok
# man`, `airtok completions bash|zsh`, cli/docs_command.cpp) so they always match its options.
if(TARGET airtok_cli AND NOT CMAKE_CROSSCOMPILING)
  find_program(AIRTOK_GZIP gzip REQUIRED)
  set(AIRTOK_CLI_DOCS_DIR ${PROJECT_BINARY_DIR}/cli-docs)
  set(airtok_cli_docs ${AIRTOK_CLI_DOCS_DIR}/airtok.1.gz ${AIRTOK_CLI_DOCS_DIR}/bash/airtok
                      ${AIRTOK_CLI_DOCS_DIR}/zsh/_airtok)
  add_custom_command(
    OUTPUT ${airtok_cli_docs}
    COMMAND ${CMAKE_COMMAND} -DAIRTOK=$<TARGET_FILE:airtok_cli> -DGZIP=${AIRTOK_GZIP}
            -DOUT=${AIRTOK_CLI_DOCS_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/cli_docs.cmake
    DEPENDS airtok_cli ${PROJECT_SOURCE_DIR}/cmake/cli_docs.cmake
    COMMENT "Writing the airtok man page and shell completions" VERBATIM)
  add_custom_target(airtok_cli_docs ALL DEPENDS ${airtok_cli_docs})

  install(FILES ${AIRTOK_CLI_DOCS_DIR}/airtok.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${AIRTOK_CLI_DOCS_DIR}/bash/airtok
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  # zsh: Debian's zsh reads /usr/share/zsh/vendor-completions, and under any other prefix zsh
  # puts <prefix>/share/zsh/site-functions on $fpath. Chosen at install time, because the prefix
  # can be changed then (`cmake --install --prefix`, and cpack installs under /usr).
  set(AIRTOK_ZSH_COMPLETIONS_DIR "" CACHE STRING
      "Where _airtok (zsh completion) is installed, relative to the prefix (default: \
share/zsh/vendor-completions under /usr, else share/zsh/site-functions)")
  install(CODE "
    set(airtok_zsh_dir \"${AIRTOK_ZSH_COMPLETIONS_DIR}\")
    if(NOT airtok_zsh_dir AND CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
      set(airtok_zsh_dir \"${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
    elseif(NOT airtok_zsh_dir)
      set(airtok_zsh_dir \"${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
    endif()
    file(INSTALL TYPE FILE FILES \"${AIRTOK_CLI_DOCS_DIR}/zsh/_airtok\"
         DESTINATION \"\${CMAKE_INSTALL_PREFIX}/\${airtok_zsh_dir}\")")
endif()
