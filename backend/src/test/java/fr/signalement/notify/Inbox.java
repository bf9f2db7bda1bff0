package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/** Reads what the in-process SMTP server received, decoded (subject, plain text, HTML). */
final class Inbox {
    record Received(String to, String from, String subject, String text, String html) {
    }

    private Inbox() {
    }

    static List<Received> to(GreenMail mail, String address) {
        List<Received> out = new ArrayList<>();
        try {
            for (MimeMessage m : mail.getReceivedMessages()) {
                Address[] recipients = m.getAllRecipients();
                if (recipients == null) {
                    continue;
                }
                for (Address a : recipients) {
                    if (a.toString().equalsIgnoreCase(address)) {
                        out.add(decode(m, address));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Waits until {@code count} messages reached the address; answers them in arrival order. */
    static List<Received> await(GreenMail mail, String address, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> to(mail, address).size() >= count);
        return to(mail, address);
    }

    /** Waits for one more message than {@code already} and answers the newest. */
    static Received next(GreenMail mail, String address, int already) {
        List<Received> all = await(mail, address, already + 1);
        return all.get(all.size() - 1);
    }

    private static Received decode(MimeMessage m, String to) throws Exception {
        String text = null;
        String html = null;
        Object content = m.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    text = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    html = (String) part.getContent();
                }
            }
        } else if (m.isMimeType("text/html")) {
            html = (String) content;
        } else {
            text = content.toString();
        }
        return new Received(to, m.getFrom()[0].toString(), m.getSubject(), text, html);
    }
}
