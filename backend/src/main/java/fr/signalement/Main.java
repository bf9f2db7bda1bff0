package fr.signalement;

import fr.signalement.photo.PhotoMigration;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The backend; with a command as first argument, runs that operator's command and exits instead:
 * {@code migrate-photos [--remove-local]} (photo.PhotoMigration; see deploy/migrate-photos.sh).
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        Quarkus.run(Commands.class, args);
    }

    public static class Commands implements QuarkusApplication {
        @Inject
        PhotoMigration migration;

        @Override
        public int run(String... args) {
            if (args.length == 0) {
                Quarkus.waitForExit();
                return 0;
            }
            List<String> a = List.of(args);
            if (a.get(0).equals("migrate-photos")) {
                PhotoMigration.Outcome o = migration.run(a.contains("--remove-local"));
                System.out.println(o);
                return o.ok() ? 0 : 1;
            }
            System.err.println("Unknown command " + a.get(0) + " (known: migrate-photos [--remove-local])");
            return 2;
        }
    }
}
