# `cmake --install`: the tools, the runtime, its headers, and the CMake and pkg-config packages.
include(CMakePackageConfigHelpers)

set_target_properties(cnnc cnn-opt cnn-tune PROPERTIES INSTALL_RPATH_USE_LINK_PATH ON)
install(TARGETS cnnc cnn cnn-opt cnn-tune cnnrt cnnrt_static EXPORT cnncTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/cnn
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(CNNC_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cnnc)
install(EXPORT cnncTargets NAMESPACE cnnc:: DESTINATION ${CNNC_PACKAGE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cnncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cnncConfig.cmake INSTALL_DESTINATION ${CNNC_PACKAGE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cnncConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cnncConfig.cmake ${PROJECT_BINARY_DIR}/cnncConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/cnncAddModel.cmake DESTINATION ${CNNC_PACKAGE_DIR})

# cnnc.pc links the shared runtime, cnnc-static.pc the archive and what it needs.
file(RELATIVE_PATH CNNC_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" CNNC_PC_TO_PREFIX "${CNNC_PC_TO_PREFIX}")
foreach(form shared static)
  if(form STREQUAL shared)
    set(CNNC_PC_NAME cnnc)
    set(CNNC_PC_LIBS "-L\${libdir} -lcnnrt")
  else()
    set(CNNC_PC_NAME cnnc-static)
    set(CNNC_PC_LIBS "\${libdir}/libcnnrt.a -lz -lpthread -ldl -lm -lstdc++")
  endif()
  # A sanitized runtime needs the sanitizers' runtimes in the program that links it.
  if(CNNC_SANITIZER_LINK_FLAGS)
    string(APPEND CNNC_PC_LIBS " ${CNNC_SANITIZER_LINK_FLAGS}")
  endif()
  set(CNNC_PC_FORM ${form})
  configure_file(${CMAKE_CURRENT_LIST_DIR}/cnnc.pc.in ${PROJECT_BINARY_DIR}/${CNNC_PC_NAME}.pc
    @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${CNNC_PC_NAME}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
