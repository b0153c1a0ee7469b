"""Every text the app shows, in German and English."""

from __future__ import annotations

STRINGS = {
    "en": {
        "you_asked": "You asked: {question}",
        "truncated": "(your question was long, so I read its first {limit} characters)",
        "takeaway": "*Takeaway:* {text}",
        "try_today": "*Try this today:* {text}",
        "read": "Read the whole lesson",
        "also": "Also: {title}",
        "no_lesson": (
            "No lesson covers that yet. I have noted the question so the authors can write one. "
            "Here is what the course covers:"
        ),
        "topics_title": "What the coaching covers",
        "topic_line": "*{name}* · {count} lessons\n_Ask for example:_ /coach {example}",
        "help_title": "Social Media Coach",
        "help": (
            "I coach you on leading a company on social media, one short lesson at a time.\n\n"
            "• `/coach QUESTION`: the lesson that answers your question, only you see it\n"
            "• `/coach topics`: what the course covers\n"
            "• `/coach language de` or `en`: the language of my answers\n"
            "• `/coach help`: this help\n\n"
            "Only you see my answers. Your questions are stored so the authors "
            "learn which ones the lessons do not answer yet."
        ),
        "language_set": "From now on I answer in English.",
        "lesson_gone": "That lesson is no longer in the course. Try `/coach topics`.",
        "language_usage": "Choose `de` or `en`, for example `/coach language en`.",
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "quiz": "*Quiz:* {question}",
        "review": "*Review:* {title}",
        "got_it": "Got it",
        "helpful": "Helpful",
        "not_helpful": "Not helpful",
        "your_answer": "You answered: {option}",
        "right": "✅ *Right.* {explanation}",
        "wrong": (
            "❌ *Not quite.* The right answer: _{answer}_\n{explanation}\n"
            "_This question comes back for review in a few days._"
        ),
        "done": "✓ Read. See you next time.",
        "rated": "Thank you for your feedback.",
        "lesson_alt": "Your lesson for today: {title}",
        "reviews_alt": "Time for a short review",
        "help_course": (
            "\n\n*Your daily lesson*\n"
            "• `/coach next`: today's lesson now, if it has not come yet\n"
            "• `/coach time 08:30`: your lesson at another time (your time zone)\n"
            "• `/coach pause` and `/coach resume`: stop and restart your lessons\n"
            "• `/coach subscribe` and `/coach unsubscribe`: join or leave the course\n\n"
            "*For admins*: `/coach enroll @name …` and `/coach unenroll @name …`"
        ),
        "when": "{day} at {time}",
        "subscribed": "You're in. Your first lesson comes {when}.",
        "subscribed_again": "Welcome back. Your next lesson comes {when}.",
        "subscribed_already": "You're already enrolled. Your next lesson comes {when}.",
        "unsubscribed": (
            "You've left the course. `/coach subscribe` brings you back where you left off."
        ),
        "not_enrolled": "You're not enrolled yet. `/coach subscribe` starts the course.",
        "paused": "Your lessons are paused. `/coach resume` starts them again.",
        "not_running": "Your lessons aren't running, so there's nothing to pause.",
        "resumed": "Your lessons are back on. The next one comes {when}.",
        "not_paused": "Your lessons aren't paused.",
        "time_set": "From now on your lesson comes at {time} your time. The next one: {when}.",
        "time_usage": "Give a time of day, for example `/coach time 08:30`.",
        "time_range": "Choose a time between 05:00 and 22:00, for example `/coach time 08:30`.",
        "next_sent": "Today's lesson is on its way to your messages with me.",
        "next_had": "You've had today's lesson. The next one comes {when}.",
        "next_nothing": "You've finished the course, and no review is due today.",
        "next_failed": "I couldn't send your lesson just now. Please try again in a moment.",
        "admins_only": "Only the coaching's admins can do that.",
        "enroll_usage": "Name the people, for example `/coach enroll @name @name`.",
        "enrolled": "Enrolled: {users}",
        "enrolled_already": "Already enrolled: {users}",
        "enroll_declined": "Left the course themselves, so not enrolled again: {users}",
        "enroll_unreachable": (
            "Not people I can send lessons to (bots, deactivated or unknown): {users}"
        ),
        "unenrolled": "Unenrolled: {users}",
        "unenroll_none": "Not enrolled: {users}",
        "home_intro": (
            "I coach you on leading a company on social media: why it starts with the boss, "
            "strategy, taking your staff along, open handling of mistakes, the public apology "
            "and the dialogue with customers.\n\nAsk me anything with `/coach QUESTION`."
        ),
    },
    "de": {
        "you_asked": "Ihre Frage: {question}",
        "truncated": "(Ihre Frage war lang; ich habe die ersten {limit} Zeichen gelesen)",
        "takeaway": "*Das Wichtigste:* {text}",
        "try_today": "*Heute ausprobieren:* {text}",
        "read": "Ganze Lektion lesen",
        "also": "Auch: {title}",
        "no_lesson": (
            "Dazu gibt es noch keine Lektion. Ich habe die Frage notiert, damit das Autorenteam "
            "eine schreiben kann. Das behandelt der Kurs:"
        ),
        "topics_title": "Was das Coaching behandelt",
        "topic_line": "*{name}* · {count} Lektionen\n_Fragen Sie zum Beispiel:_ /coach {example}",
        "help_title": "Social Media Coach",
        "help": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen, "
            "eine kurze Lektion nach der anderen.\n\n"
            "• `/coach FRAGE`: die Lektion, die Ihre Frage beantwortet (nur Sie sehen sie)\n"
            "• `/coach topics`: was der Kurs behandelt\n"
            "• `/coach language de` oder `en`: die Sprache meiner Antworten\n"
            "• `/coach help`: diese Hilfe\n\n"
            "Nur Sie sehen meine Antworten. Ihre Fragen werden gespeichert, damit das "
            "Autorenteam sieht, welche die Lektionen noch nicht beantworten."
        ),
        "language_set": "Ab jetzt antworte ich auf Deutsch.",
        "lesson_gone": "Diese Lektion gibt es nicht mehr. Versuchen Sie `/coach topics`.",
        "language_usage": "Wählen Sie `de` oder `en`, zum Beispiel `/coach language de`.",
        "error": (
            "Entschuldigung, bei mir ist etwas schiefgegangen. "
            "Bitte versuchen Sie es gleich noch einmal."
        ),
        "quiz": "*Quiz:* {question}",
        "review": "*Wiederholung:* {title}",
        "got_it": "Verstanden",
        "helpful": "Hilfreich",
        "not_helpful": "Nicht hilfreich",
        "your_answer": "Ihre Antwort: {option}",
        "right": "✅ *Richtig.* {explanation}",
        "wrong": (
            "❌ *Nicht ganz.* Richtig ist: _{answer}_\n{explanation}\n"
            "_Diese Frage kommt in ein paar Tagen zur Wiederholung._"
        ),
        "done": "✓ Gelesen. Bis zum nächsten Mal.",
        "rated": "Danke für Ihre Rückmeldung.",
        "lesson_alt": "Ihre Lektion für heute: {title}",
        "reviews_alt": "Zeit für eine kurze Wiederholung",
        "help_course": (
            "\n\n*Ihre tägliche Lektion*\n"
            "• `/coach next`: die heutige Lektion sofort, wenn sie noch nicht da ist\n"
            "• `/coach time 08:30`: Ihre Lektion zu einer anderen Uhrzeit (Ihre Zeitzone)\n"
            "• `/coach pause` und `/coach resume`: Lektionen aussetzen und wieder aufnehmen\n"
            "• `/coach subscribe` und `/coach unsubscribe`: am Kurs teilnehmen oder austreten\n\n"
            "*Für Administratoren*: `/coach enroll @Name …` und `/coach unenroll @Name …`"
        ),
        "when": "{day} um {time} Uhr",
        "subscribed": "Sie sind dabei. Ihre erste Lektion kommt {when}.",
        "subscribed_again": "Willkommen zurück. Ihre nächste Lektion kommt {when}.",
        "subscribed_already": "Sie nehmen schon teil. Ihre nächste Lektion kommt {when}.",
        "unsubscribed": (
            "Sie haben den Kurs verlassen. Mit `/coach subscribe` machen Sie dort weiter, "
            "wo Sie aufgehört haben."
        ),
        "not_enrolled": "Sie nehmen noch nicht teil. `/coach subscribe` startet den Kurs.",
        "paused": "Ihre Lektionen pausieren. `/coach resume` setzt sie fort.",
        "not_running": "Ihre Lektionen laufen gerade nicht; es gibt nichts zu pausieren.",
        "resumed": "Ihre Lektionen laufen wieder. Die nächste kommt {when}.",
        "not_paused": "Ihre Lektionen pausieren nicht.",
        "time_set": (
            "Ab jetzt kommt Ihre Lektion um {time} Uhr Ihrer Ortszeit. Die nächste: {when}."
        ),
        "time_usage": "Nennen Sie eine Uhrzeit, zum Beispiel `/coach time 08:30`.",
        "time_range": (
            "Wählen Sie eine Uhrzeit zwischen 05:00 und 22:00, zum Beispiel `/coach time 08:30`."
        ),
        "next_sent": "Die heutige Lektion ist unterwegs in Ihre Nachrichten mit mir.",
        "next_had": "Die heutige Lektion haben Sie schon. Die nächste kommt {when}.",
        "next_nothing": "Sie haben den Kurs abgeschlossen, und heute steht keine Wiederholung an.",
        "next_failed": (
            "Ich konnte Ihre Lektion gerade nicht senden. "
            "Bitte versuchen Sie es gleich noch einmal."
        ),
        "admins_only": "Das können nur die Administratoren des Coachings.",
        "enroll_usage": "Nennen Sie die Personen, zum Beispiel `/coach enroll @Name @Name`.",
        "enrolled": "Angemeldet: {users}",
        "enrolled_already": "Schon angemeldet: {users}",
        "enroll_declined": "Selbst ausgetreten, daher nicht wieder angemeldet: {users}",
        "enroll_unreachable": (
            "Keine Personen, denen ich Lektionen schicken kann (Bots, deaktiviert, unbekannt): "
            "{users}"
        ),
        "unenrolled": "Abgemeldet: {users}",
        "unenroll_none": "Nicht angemeldet: {users}",
        "home_intro": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen: warum es beim "
            "Chef beginnt, Strategie, die Belegschaft mitnehmen, offener Umgang mit Fehlern, die "
            "öffentliche Entschuldigung und der Dialog mit Kunden.\n\n"
            "Fragen Sie mich jederzeit mit `/coach FRAGE`."
        ),
    },
}


DAY_NAMES_FULL = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def t(language: str, key: str, **values: object) -> str:
    """Give the interface text `key` in `language`, filled in with `values`."""
    return STRINGS[language][key].format(**values)
