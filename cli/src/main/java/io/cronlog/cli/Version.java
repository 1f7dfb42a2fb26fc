package io.cronlog.cli;

import picocli.CommandLine;

/** The version of the cronlog build, from the jar's manifest. */
final class Version implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Cronlog.class.getPackage().getImplementationVersion();
    return new String[] {"cronlog " + (version == null ? "(development build)" : version)};
  }
}
