package io.cronlog.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cronlog completion}: prints the bash and zsh completion script for every command and
 * option.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bash and zsh completion script for cronlog.",
      "%nLoad it in the current shell with `source <(cronlog completion)`, or save it where bash-completion",
      "looks: `cronlog completion > ~/.local/share/bash-completion/completions/cronlog`. zsh reads it",
      "through bashcompinit: run `autoload -U +X bashcompinit && bashcompinit` first. The README's",
      "\"Shell completion\" has the steps."
    })
public final class CompletionCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    // picocli writes the script from the command model, so it always matches this build's options.
    spec.commandLine().getOut().print(AutoComplete.bash("cronlog", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
  }
}
