package io.cronlog.cli.dev;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes one {@code cronlog dev} per directory: a second one would overwrite the first
 * one's kubeconfig and {@code kafka.properties}. The operating system releases the lock when the
 * holder exits, however it exits, so a crash leaves no stale lock to clear by hand. The file stays:
 * deleting it would let a third instance lock a new file while a second holds the old one.
 */
final class DevLock implements AutoCloseable {

  /** The file's name, in the directory of the dev kubeconfig. */
  static final String NAME = "dev.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DevLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Another {@code cronlog dev} holds the lock; the message names it in one line. */
  static final class HeldElsewhere extends Exception {
    HeldElsewhere(String message) {
      super(message);
    }
  }

  /** Takes the lock of {@code directory} and writes {@code holder} (who holds it) into it. */
  static DevLock acquire(Path directory, String holder) throws IOException, HeldElsewhere {
    Files.createDirectories(directory);
    Path file = directory.resolve(NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      String running = Files.readString(file, StandardCharsets.UTF_8).strip();
      throw new HeldElsewhere(
          "cronlog dev is already running in "
              + directory
              + (running.isEmpty() ? "" : " (" + running + ")")
              + "; stop it, or start this one in another directory");
    }
    DevLock held = new DevLock(channel, lock);
    held.describe(holder);
    return held;
  }

  /** Says who holds the lock, for the message a second instance prints: {@code pid 42, API ...}. */
  void describe(String holder) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
  }

  /** Releases the lock; idempotent. */
  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      lock.release();
      channel.close();
    }
  }
}
