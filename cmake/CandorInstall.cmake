# What `cmake --install` and `cpack -G DEB` put where a Debian package would (issue 13):
# the two programs in bin/, the desktop entry and its icon under share/, and the editable
# data files under share/candor/. The programs need no file at run time: the catalogue,
# safer-use notes, alert rules, schema, mappings, demo library and the QML module are
# compiled in (see core/, alerts/, services/demolibrary.cmake, app/). The copies in
# share/candor/ are what `candor-cli alerts rules set FILE` and `alerts advice set FILE`
# start from (`alerts rules show` prints the one in force).
include(GNUInstallDirs)
install(TARGETS candor candor-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/packaging/candor.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/candor.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES
    ${PROJECT_SOURCE_DIR}/data/alert-rules.json
    ${PROJECT_SOURCE_DIR}/data/safer-use-advice.json
    ${PROJECT_SOURCE_DIR}/data/catalogue.json
    ${PROJECT_SOURCE_DIR}/data/safer-use.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/candor)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/schemas ${PROJECT_SOURCE_DIR}/data/mappings
  DESTINATION ${CMAKE_INSTALL_DATADIR}/candor)

set(CPACK_PACKAGE_NAME candor)
set(CPACK_PACKAGE_VENDOR "Candor")
set(CPACK_PACKAGE_CONTACT "Candor maintainers <candor@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Results system of a drug-checking service (app and command line)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The build is RelWithDebInfo; the package ships the programs without their debug info.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Shared libraries come from dpkg-shlibdeps; the QML modules and the Qt platform plugins are
# loaded at run time, which it cannot see, so they are named here (the imports in qml/).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-templates, qml6-module-qtquick-dialogs, qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtqml-workerscript, qml6-module-qtcharts, qml6-module-qt-labs-platform, qml6-module-qt-labs-folderlistmodel, qt6-qpa-plugins")
include(CPack)
