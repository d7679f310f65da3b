# A Debian package with CPack: `cpack -G DEB` in the build tree (or
# `cmake --build BUILD --target package`). Depends comes from the linked
# libraries (dpkg-shlibdeps); the route servers the catalogue can be run
# against and tshark (the oracle tests) are recommended, not required.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rscert)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "rscert maintainers <rscert@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance and fuzz test suite for BGP route servers and the NVAs that peer with them")
set(CPACK_PACKAGE_INSTALL_DIRECTORY rscert)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bird2, frr, gobgpd, tshark")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "rscert runs a catalogue of conformance cases against a BGP route server\n\
modelled on a managed cloud route server (ASN 65515, two instances, route\n\
limits, ECMP), certifies NVAs against a reference route server, and ships\n\
the reference server (rscert-rsd), its CLI (rsctl) and a load driver.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
