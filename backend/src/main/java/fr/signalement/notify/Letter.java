package fr.signalement.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * An e-mail written once and rendered twice: plain text (read by every client and screen reader)
 * and simple, accessible HTML (language declared, real headings, lists and description lists, no
 * images, no layout tables, links named by what they open).
 */
public final class Letter {
    public final String subject;
    public final String text;
    public final String html;

    private Letter(String subject, String text, String html) {
        this.subject = subject;
        this.text = text;
        this.html = html;
    }

    public static Builder titled(String subject) {
        return new Builder(subject);
    }

    private interface Block {
    }

    private record Para(String text) implements Block {
    }

    private record Details(List<String[]> rows) implements Block {
    }

    private record Link(String intro, String label, String url) implements Block {
    }

    /** A list; each item is a text and an optional link (label, url). */
    private record Items(String caption, List<String[]> items) implements Block {
    }

    private record Quote(String text) implements Block {
    }

    private record Small(String text) implements Block {
    }

    public static final class Builder {
        private final String subject;
        private String heading;
        private final List<Block> blocks = new ArrayList<>();

        private Builder(String subject) {
            this.subject = subject;
            this.heading = subject;
        }

        public Builder heading(String heading) {
            this.heading = heading;
            return this;
        }

        public Builder para(String text) {
            blocks.add(new Para(text));
            return this;
        }

        /** A "label: value" line, grouped with the ones right before it; blank values are left out. */
        public Builder detail(String label, String value) {
            if (value == null || value.isBlank()) {
                return this;
            }
            Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last instanceof Details d) {
                d.rows().add(new String[]{label, value});
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[]{label, value});
                blocks.add(new Details(rows));
            }
            return this;
        }

        public Builder link(String intro, String label, String url) {
            blocks.add(new Link(intro, label, url));
            return this;
        }

        /** Items: {text} or {text, linkLabel, url}. */
        public Builder items(String caption, List<String[]> items) {
            blocks.add(new Items(caption, items));
            return this;
        }

        public Builder quote(String text) {
            if (text != null && !text.isBlank()) {
                blocks.add(new Quote(text.strip()));
            }
            return this;
        }

        public Builder small(String text) {
            blocks.add(new Small(text));
            return this;
        }

        public Letter build() {
            return new Letter(subject, text(), html());
        }

        private String text() {
            StringBuilder b = new StringBuilder("Bonjour,\n\n");
            for (Block block : blocks) {
                if (block instanceof Para p) {
                    b.append(p.text()).append("\n\n");
                } else if (block instanceof Details d) {
                    for (String[] row : d.rows()) {
                        b.append(row[0]).append(" : ").append(row[1].replace("\n", "\n    ")).append('\n');
                    }
                    b.append('\n');
                } else if (block instanceof Link l) {
                    b.append(l.intro()).append(" :\n").append(l.url()).append("\n\n");
                } else if (block instanceof Items i) {
                    b.append(i.caption()).append(" :\n");
                    for (String[] item : i.items()) {
                        b.append("- ").append(item[0]);
                        if (item.length > 2) {
                            b.append("\n  ").append(item[2]);
                        }
                        b.append('\n');
                    }
                    b.append('\n');
                } else if (block instanceof Quote q) {
                    b.append("« ").append(q.text()).append(" »\n\n");
                } else if (block instanceof Small sm) {
                    b.append("-- \n").append(sm.text()).append("\n\n");
                }
            }
            return b.toString().stripTrailing() + "\n";
        }

        private String html() {
            StringBuilder b = new StringBuilder("""
                    <!DOCTYPE html>
                    <html lang="fr">
                    <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>""").append(esc(subject)).append("""
                    </title></head>
                    <body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1e1e1e; max-width: 40em;">
                    <h1 style="font-size: 1.25em;">""").append(esc(heading)).append("</h1>\n<p>Bonjour,</p>\n");
            for (Block block : blocks) {
                if (block instanceof Para p) {
                    b.append("<p>").append(esc(p.text())).append("</p>\n");
                } else if (block instanceof Details d) {
                    b.append("<dl>\n");
                    for (String[] row : d.rows()) {
                        b.append("<dt style=\"font-weight: bold;\">").append(esc(row[0]))
                                .append("</dt><dd style=\"margin: 0 0 0.5em 0;\">")
                                .append(esc(row[1]).replace("\n", "<br>")).append("</dd>\n");
                    }
                    b.append("</dl>\n");
                } else if (block instanceof Link l) {
                    b.append("<p><a href=\"").append(esc(l.url())).append("\" style=\"color: #1d5f8a;\">")
                            .append(esc(l.label())).append("</a></p>\n");
                } else if (block instanceof Items i) {
                    b.append("<h2 style=\"font-size: 1.1em;\">").append(esc(i.caption())).append("</h2>\n<ul>\n");
                    for (String[] item : i.items()) {
                        b.append("<li>").append(esc(item[0]));
                        if (item.length > 2) {
                            b.append(" — <a href=\"").append(esc(item[2])).append("\" style=\"color: #1d5f8a;\">")
                                    .append(esc(item[1])).append("</a>");
                        }
                        b.append("</li>\n");
                    }
                    b.append("</ul>\n");
                } else if (block instanceof Quote q) {
                    b.append("<blockquote style=\"border-left: 4px solid #1d5f8a; margin: 1em 0; padding-left: 1em;\"><p>")
                            .append(esc(q.text()).replace("\n", "<br>")).append("</p></blockquote>\n");
                } else if (block instanceof Small sm) {
                    b.append("<hr>\n<p style=\"font-size: 0.875em; color: #3a3a3a;\">").append(esc(sm.text())).append("</p>\n");
                }
            }
            return b.append("</body>\n</html>\n").toString();
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
