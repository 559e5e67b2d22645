# cli_docs.cmake — run at build time by install.cmake:
#   cmake -DAIRTOK=<built airtok> -DGZIP=<gzip> -DOUT=<dir> -P cli_docs.cmake
# writes OUT/airtok.1.gz (the man page, compressed without a name or a time stamp, so the same
# build gives the same bytes), OUT/bash/airtok and OUT/zsh/_airtok.
foreach(var AIRTOK GZIP OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "cli_docs.cmake: -D${var}=... is required")
  endif()
endforeach()
file(MAKE_DIRECTORY ${OUT}/bash ${OUT}/zsh)

execute_process(COMMAND ${AIRTOK} man COMMAND ${GZIP} -9 -n -c OUTPUT_FILE ${OUT}/airtok.1.gz
                RESULTS_VARIABLE results)
if(NOT results STREQUAL "0;0")
  file(REMOVE ${OUT}/airtok.1.gz)
  message(FATAL_ERROR "`${AIRTOK} man | ${GZIP} -9 -n -c` failed (exit statuses: ${results})")
endif()
foreach(shell bash zsh)
  if(shell STREQUAL bash)
    set(file ${OUT}/bash/airtok)
  else()
    set(file ${OUT}/zsh/_airtok)
  endif()
  execute_process(COMMAND ${AIRTOK} completions ${shell} OUTPUT_FILE ${file}
                  RESULT_VARIABLE result)
  if(NOT result STREQUAL "0")
    file(REMOVE ${file})
    message(FATAL_ERROR "`${AIRTOK} completions ${shell}` failed (exit status: ${result})")
  endif()
endforeach()
