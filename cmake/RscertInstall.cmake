# cmake --install: the programs, the catalogue, the target profiles, the docs
# and (when scdoc is there) the man pages, in the GNU layout. The programs
# find share/rscert/ relative to bin/ (harness/h_paths.c), so the installed
# tree can be moved as a whole.
include(GNUInstallDirs)

foreach(prog rscert rscert-rsd rsctl rscert-load rscert-discard)
  if(TARGET ${prog})
    install(TARGETS ${prog} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

set(RSCERT_DATA ${CMAKE_INSTALL_DATADIR}/rscert)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/cases/ DESTINATION ${RSCERT_DATA}/cases
        FILES_MATCHING PATTERN "*.case")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/targets/ DESTINATION ${RSCERT_DATA}/targets)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(EXISTS ${PROJECT_SOURCE_DIR}/examples)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
endif()
# Bash completion; the fault names are read from the reference's table.
file(READ ${PROJECT_SOURCE_DIR}/reference/rs_fault.c fault_src)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/reference/rs_fault.c)
string(REGEX MATCHALL "\"[a-z0-9-]+\"" faults "${fault_src}")
list(FILTER faults EXCLUDE REGEX "\\.h\"$")
string(REPLACE "\"" "" faults "${faults}")
string(REPLACE ";" " " RSCERT_FAULTS "${faults}")
configure_file(${PROJECT_SOURCE_DIR}/completion/rscert.bash.in
               ${PROJECT_BINARY_DIR}/completion/rscert @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/completion/rscert
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
if(EXISTS ${PROJECT_SOURCE_DIR}/man)
  include(${CMAKE_CURRENT_LIST_DIR}/RscertMan.cmake)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/RscertPackage.cmake)
