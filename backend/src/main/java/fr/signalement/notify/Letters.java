package fr.signalement.notify;

import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.common.Time;
import fr.signalement.geo.Communes;
import fr.signalement.report.Intake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the e-mails say, in French. */
@ApplicationScoped
public class Letters {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRENCH);

    @Inject
    Communes communes;
    @Inject
    Intake intake;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;
    @ConfigProperty(name = "signalement.retention.contact-days", defaultValue = "90")
    int retentionDays;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;
    /** Dates in letters are the commune's; a commune elsewhere than {@link Time#ZONE} may set its own. */
    @ConfigProperty(name = "signalement.notify.time-zone")
    Optional<String> timeZone;
    @ConfigProperty(name = "signalement.notify.staff-alert-url", defaultValue = "${signalement.public-url}/console/alertes/{id}")
    String staffAlertUrl;

    /** The French wording of a rejection reason, as a clause ("… pour le motif suivant : <clause>."). */
    public static String rejectReason(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "NOT_COMPETENT" -> "le problème signalé ne relève pas de la compétence de la commune";
            case "NOT_A_PROBLEM" -> "après examen, aucun problème nécessitant une intervention n'a été constaté";
            case "DUPLICATE" -> "ce problème avait déjà été signalé et il est traité dans le cadre d'un autre signalement";
            case "CANNOT_ACT" -> "la commune n'est pas en mesure d'intervenir sur ce problème";
            default -> null;
        };
    }

    /** The acknowledgement of receipt (CRPA L.112-3 and R.112-5: date, service in charge and how to reach it). */
    public Letter acknowledgement(Recipients.Reporter r) {
        return Letter.titled("Votre signalement " + r.trackingNumber() + " a bien été reçu")
                .heading("Accusé de réception de votre signalement " + r.trackingNumber())
                .para("Nous avons bien reçu votre signalement, le " + dateTime(r.receivedAt())
                        + ". Merci de contribuer au bon état de l'espace public.")
                .detail("Numéro de suivi", r.trackingNumber())
                .detail("Reçu le", dateTime(r.receivedAt()))
                .detail("Catégorie", r.categoryLabel())
                .detail("Lieu", r.address())
                .detail("Commune", r.commune())
                .detail("Service chargé du traitement", r.serviceName())
                .detail("Courriel du service", r.serviceEmail())
                .detail("Téléphone du service", r.servicePhone())
                .detail("Adresse postale du service", r.servicePostalAddress())
                .detail("Délai d'intervention annoncé", r.dueAt() == null ? null : "avant le " + dateTime(r.dueAt()))
                .para("Vous serez informé(e) par courriel des principales étapes du traitement. Vous pouvez aussi suivre "
                        + "votre signalement à tout moment :")
                .link("Suivre votre signalement", "Suivre le signalement " + r.trackingNumber(), followUrl(r))
                .small(footer(r))
                .build();
    }

    /** The e-mail telling a reporter about a status change, or nothing if that change does not concern them. */
    public Optional<Letter> statusChange(Recipients.Reporter r, AlertChanged change, List<String> afterPhotoIds) {
        AlertStatus to = change.to();
        if (to == null || to == change.from()) {
            return Optional.empty();
        }
        String what = "Votre signalement n° " + r.trackingNumber() + " (" + r.categoryLabel()
                + (r.address() == null || r.address().isBlank() ? "" : ", " + r.address()) + ")";
        String due = r.dueAt() == null ? "" : " L'intervention est prévue avant le " + dateTime(r.dueAt()) + ".";
        Letter.Builder b;
        switch (to) {
            case QUALIFIED -> {
                if (change.from() == AlertStatus.RESOLVED) {
                    b = Letter.titled("Signalement " + r.trackingNumber() + " : de nouveau en cours de traitement")
                            .para(what + " avait été indiqué comme résolu, mais le problème a été signalé comme persistant. "
                                    + "Il est de nouveau pris en charge par le service « " + r.serviceName() + " ».");
                } else if (change.from() == AlertStatus.NEW) {
                    b = Letter.titled("Signalement " + r.trackingNumber() + " : pris en compte")
                            .para(what + " a été examiné et pris en compte par le service « " + r.serviceName() + " »." + due);
                } else {
                    return Optional.empty(); // Back from an assignment: an internal matter.
                }
            }
            case ASSIGNED -> {
                if (change.from() != AlertStatus.QUALIFIED) {
                    return Optional.empty(); // Reassignments and work handed back: internal matters.
                }
                b = Letter.titled("Signalement " + r.trackingNumber() + " : confié à une équipe")
                        .para(what + " a été confié à une équipe d'intervention du service « " + r.serviceName() + " »." + due);
            }
            case RESOLVED -> {
                b = Letter.titled("Signalement " + r.trackingNumber() + " : problème résolu")
                        .para("Le service « " + r.serviceName() + " » nous indique que le problème que vous avez signalé"
                                + " (n° " + r.trackingNumber() + ", " + r.categoryLabel() + ") est résolu.");
                if (!afterPhotoIds.isEmpty()) {
                    List<String[]> photos = new ArrayList<>();
                    int i = 1;
                    for (String id : afterPhotoIds) {
                        String label = afterPhotoIds.size() == 1 ? "Voir la photo prise après l'intervention"
                                : "Voir la photo n° " + i + " prise après l'intervention";
                        photos.add(new String[]{"Photo " + i++ + " après l'intervention", label, photoUrl(id)});
                    }
                    b.items("Photo" + (photos.size() > 1 ? "s" : "") + " après l'intervention", photos);
                }
                b.para("Si le problème n'est pas réglé, vous pouvez le dire depuis la page de suivi dans les "
                        + reopenDays + " jours : le signalement sera rouvert.");
            }
            case REJECTED -> {
                String reason = rejectReason(change.reason());
                b = Letter.titled("Signalement " + r.trackingNumber() + " : classé sans suite")
                        .para(what + " a été classé sans suite par le service « " + r.serviceName() + " »"
                                + (reason == null ? "." : ", pour le motif suivant : " + reason + "."));
                if ("NOT_COMPETENT".equals(change.reason())) {
                    b.para("Vous pouvez vous adresser directement à l'organisme compétent, ou contacter le service "
                            + "pour savoir lequel.");
                }
            }
            case FORWARDED -> {
                String authority = change.forwardedTo() == null || change.forwardedTo().isBlank()
                        ? "l'autorité compétente" : change.forwardedTo().strip();
                b = Letter.titled("Signalement " + r.trackingNumber() + " : transmis à " + authority)
                        .para(what + " ne relève pas de la compétence de la commune. Conformément à l'article L.114-2 "
                                + "du code des relations entre le public et l'administration, nous l'avons transmis à "
                                + "l'autorité compétente : " + authority + ".")
                        .para("C'est désormais cette autorité qui est chargée de le traiter ; le service « "
                                + r.serviceName() + " » a clos le signalement de son côté.");
            }
            default -> {
                return Optional.empty();
            }
        }
        if (change.note() != null && !change.note().isBlank()) {
            b.para("Commentaire du service :").quote(change.note());
        }
        b.detail("Numéro de suivi", r.trackingNumber())
                .detail("Nouvel état", to.label)
                .detail("Service", r.serviceName())
                .detail("Contact du service", contact(r))
                .link("Suivre votre signalement", "Suivre le signalement " + r.trackingNumber(), followUrl(r))
                .small(footer(r));
        return Optional.of(b.build());
    }

    /** A dispatcher's own message to the reporters of an alert. */
    public Letter message(Recipients.Reporter r, String text) {
        return Letter.titled("Signalement " + r.trackingNumber() + " : message du service " + r.serviceName())
                .para("Le service « " + r.serviceName() + " » vous adresse le message suivant au sujet de votre "
                        + "signalement n° " + r.trackingNumber() + " (" + r.categoryLabel()
                        + (r.address() == null || r.address().isBlank() ? "" : ", " + r.address()) + ") :")
                .quote(text)
                .detail("Contact du service", contact(r))
                .link("Suivre votre signalement", "Suivre le signalement " + r.trackingNumber(), followUrl(r))
                .small(footer(r))
                .build();
    }

    /** To a service's staff: one new alert. No reporter's personal data. */
    public Letter newAlert(Recipients.AlertInfo a) {
        return Letter.titled("Nouvelle alerte n° " + a.id() + " : " + a.categoryLabel()
                        + (a.address() == null ? "" : " — " + a.address()))
                .heading("Nouvelle alerte n° " + a.id() + " pour le service « " + a.serviceName() + " »")
                .para("Une nouvelle alerte vient d'être ouverte pour votre service.")
                .detail("Catégorie", a.categoryLabel())
                .detail("Lieu", a.address())
                .detail("Reçue le", dateTime(a.createdAt()))
                .detail("À traiter avant le", dateTime(a.dueAt()))
                .detail("Canal", a.channel())
                .detail("Premier signalement", a.firstTrackingNumber())
                .detail("Description", a.firstDescription())
                .link("Ouvrir l'alerte", "Ouvrir l'alerte n° " + a.id() + " dans la console", staffUrl(a.id()))
                .small("Ce message est envoyé à chaque nouvelle alerte. Un administrateur peut choisir à la place un "
                        + "récapitulatif quotidien pour votre service.")
                .build();
    }

    /** To a service's staff: the daily digest of the new alerts. No reporter's personal data. */
    public Letter digest(String serviceName, Instant now, List<Recipients.AlertInfo> alerts) {
        int n = alerts.size();
        List<String[]> items = new ArrayList<>();
        for (Recipients.AlertInfo a : alerts) {
            items.add(new String[]{"n° " + a.id() + " — " + a.categoryLabel()
                    + (a.address() == null ? "" : " — " + a.address())
                    + " — reçue le " + dateTime(a.createdAt()) + ", à traiter avant le " + dateTime(a.dueAt())
                    + " — " + AlertStatus.valueOf(a.status()).label.toLowerCase(Locale.FRENCH),
                    "Ouvrir l'alerte n° " + a.id(), staffUrl(a.id())});
        }
        String count = n + (n > 1 ? " nouvelles alertes" : " nouvelle alerte");
        return Letter.titled("Récapitulatif du " + date(now) + " : " + count + " pour « " + serviceName + " »")
                .para("Voici les alertes ouvertes pour le service « " + serviceName + " » depuis le précédent récapitulatif.")
                .items(count, items)
                .small("Votre service reçoit un récapitulatif quotidien plutôt qu'un message par alerte.")
                .build();
    }

    /** One deployment serves several communes: the footer names the reporter's, else the whole territory. */
    private String footer(Recipients.Reporter r) {
        return "Votre adresse électronique ne sert qu'à vous informer du traitement de ce signalement. Elle est effacée "
                + retentionDays + " jours après la clôture du signalement, et vous pouvez l'effacer vous-même à tout "
                + "moment depuis la page de suivi. Ce message est envoyé automatiquement par le service de signalement de "
                + (r.commune() != null ? r.commune() : communes.servedTerritory()) + " : merci de ne pas y répondre.";
    }

    private static String contact(Recipients.Reporter r) {
        List<String> parts = new ArrayList<>();
        if (r.serviceEmail() != null) {
            parts.add(r.serviceEmail());
        }
        if (r.servicePhone() != null) {
            parts.add("tél. " + r.servicePhone());
        }
        return String.join(", ", parts);
    }

    public String followUrl(Recipients.Reporter r) {
        return intake.followUrl(r.trackingNumber());
    }

    public String photoUrl(String photoKey) {
        return base() + "/api/v1/photos/" + photoKey;
    }

    public String staffUrl(long alertId) {
        return staffAlertUrl.replace("{id}", Long.toString(alertId));
    }

    private String base() {
        return publicUrl.replaceAll("/+$", "");
    }

    public String dateTime(Instant at) {
        return at == null ? null : DATE_TIME.format(at.atZone(zone()));
    }

    public String date(Instant at) {
        return DATE.format(at.atZone(zone()));
    }

    private ZoneId zone() {
        return timeZone.filter(z -> !z.isBlank()).map(ZoneId::of).orElse(Time.ZONE);
    }
}
