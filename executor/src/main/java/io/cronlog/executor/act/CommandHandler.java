package io.cronlog.executor.act;

import io.cronlog.records.CommandRecord;

/** Acts on a command and says what came of it; never throws for an API failure. */
public interface CommandHandler {

  ActionResult act(CommandRecord command);
}
