package dev.lkscaler.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What tells that files changed: where they resolve to (the kubelet swaps a symlink to a new
 * directory) and their modification time and size.
 */
record FileStamp(List<String> parts) {
  static FileStamp of(List<Path> files) {
    List<String> parts =
        files.stream()
            .map(
                file -> {
                  try {
                    Path real = file.toRealPath();
                    FileTime modified = Files.getLastModifiedTime(real);
                    return real + "@" + modified.toMillis() + ":" + Files.size(real);
                  } catch (IOException e) {
                    return file + ": " + e.getClass().getSimpleName();
                  }
                })
            .toList();
    return new FileStamp(parts);
  }
}
