# Man pages from scdoc sources (man/NAME.SECTION.scd), built into
# BUILD/man/ and installed in MANDIR/manSECTION. Without scdoc they are
# skipped with a message (scripts/deps build installs it).
find_program(SCDOC scdoc)
if(NOT SCDOC)
  message(STATUS "scdoc not found: man pages are not built")
  return()
endif()
file(GLOB man_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.scd)
set(man_pages)
foreach(src ${man_sources})
  get_filename_component(page ${src} NAME_WLE)        # rscert.1
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  set(out ${PROJECT_BINARY_DIR}/man/${page})
  add_custom_command(OUTPUT ${out}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
                     COMMAND ${SCDOC} < ${src} > ${out}
                     DEPENDS ${src} VERBATIM)
  list(APPEND man_pages ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(man ALL DEPENDS ${man_pages})
set(RSCERT_MAN_PAGES ${man_pages} CACHE INTERNAL "the built man pages")
