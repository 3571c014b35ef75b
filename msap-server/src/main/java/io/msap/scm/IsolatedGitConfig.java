package io.msap.scm;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit ignore the git configuration of the account the server runs as ({@code ~/.gitconfig}, {@code
 * /etc/gitconfig}, JGit's own): proxies, credential helpers, URL rewrites or {@code http.sslVerify=false} there must not
 * change what MSAP does, and JGit then never runs {@code git} to find the system configuration. JGit's reader is global,
 * so this is installed once for the JVM.
 */
final class IsolatedGitConfig {

    private static boolean installed;

    private IsolatedGitConfig() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new EmptyConfig(parent, fs);
            }

            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new EmptyConfig(parent, fs);
            }

            @Override
            public FileBasedConfig openJGitConfig(Config parent, FS fs) {
                return new EmptyConfig(parent, fs);
            }
        });
        installed = true;
    }

    /** A configuration with nothing in it that is never read from or written to a file. */
    private static final class EmptyConfig extends FileBasedConfig {
        EmptyConfig(Config parent, FS fs) {
            super(parent, new File("/dev/null/msap-empty-git-config"), fs);
        }

        @Override
        public void load() {
            // nothing to read
        }

        @Override
        public void save() {
            // nothing to write
        }

        @Override
        public boolean isOutdated() {
            return false;
        }
    }
}
