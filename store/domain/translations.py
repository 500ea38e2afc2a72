"""Alert texts in German, French, Italian and Spanish: data for ``texts`` (which holds ja/en).

``TEMPLATES[kind][part][variant][lang]`` use exactly the placeholders of the English templates;
``FORMATS[lang]`` says how a language writes an order, an item list, a time and an amount. The labels
in these languages are ``store.domain.labels``.
"""

from __future__ import annotations

FORMATS: dict[str, dict[str, str]] = {
    # order: "Bestellung 302-…", items: '„Bohrer“ und 1 weitere', time/date: strftime, decimal/thousands.
    "de": {"order": "Bestellung", "open": "„", "close": "“", "more": " und {n} weitere", "time": "%d.%m.%Y %H:%M",
           "date": "%d.%m.%Y", "decimal": ",", "thousands": "."},
    "fr": {"order": "commande", "open": "« ", "close": " »", "more": " et {n} autre(s)", "time": "%d/%m/%Y %H:%M",
           "date": "%d/%m/%Y", "decimal": ",", "thousands": "\u202f"},
    "it": {"order": "ordine", "open": "«", "close": "»", "more": " e altri {n}", "time": "%d/%m/%Y %H:%M",
           "date": "%d/%m/%Y", "decimal": ",", "thousands": "."},
    "es": {"order": "pedido", "open": "«", "close": "»", "more": " y {n} más", "time": "%d/%m/%Y %H:%M",
           "date": "%d/%m/%Y", "decimal": ",", "thousands": "."},
}

_KEEP = {"de": "Bewahren Sie die Storno- und Versand-Mails auf, bis Sie Ihr Geld zurückhaben.",
         "fr": "Gardez les e-mails d'annulation et d'expédition jusqu'à votre remboursement.",
         "it": "Conserva le e-mail di cancellazione e di spedizione finché non ricevi il rimborso.",
         "es": "Guarda los correos de cancelación y de envío hasta recibir el reembolso."}
_PHISH = {
    "de": ("Öffnen Sie keine Links und antworten Sie nicht; geben Sie nie Kartendaten oder Passwörter ein. Prüfen Sie Ihre "
           "Bestellungen in der Amazon-App oder auf der selbst aufgerufenen Amazon-Seite. Haben Sie schon etwas eingegeben, "
           "ändern Sie sofort Ihr Passwort und rufen Sie Ihre Bank an."),
    "fr": ("N'ouvrez pas ses liens et n'y répondez pas ; ne saisissez jamais de carte ni de mot de passe. Vérifiez vos "
           "commandes dans l'appli Amazon ou sur le site Amazon ouvert par vous-même. Si vous avez déjà saisi quelque chose, "
           "changez votre mot de passe et appelez votre banque."),
    "it": ("Non aprire i link e non rispondere; non inserire mai dati della carta o password. Controlla gli ordini nell'app "
           "Amazon o sul sito Amazon aperto da te. Se hai già inserito qualcosa, cambia subito la password e chiama la banca."),
    "es": ("No abras sus enlaces ni respondas; nunca escribas datos de la tarjeta ni contraseñas. Comprueba tus pedidos en la "
           "app de Amazon o en la web de Amazon abierta por ti. Si ya escribiste algo, cambia la contraseña y llama a tu banco."),
}


def _all(de: str, fr: str, it: str, es: str) -> dict[str, str]:
    return {"de": de, "fr": fr, "it": it, "es": es}


TEMPLATES: dict[str, dict[str, dict[str, dict[str, str]]]] = {
    "shipped_after_cancel": {
        "title": {"": _all("Trotz Stornierung versandt ({order_id})", "Expédié malgré votre annulation ({order_id})",
                           "Spedito nonostante la cancellazione ({order_id})", "Enviado pese a tu cancelación ({order_id})")},
        "message": {
            "requested": _all("Sie haben am {cancel_time} um Stornierung von {order} gebeten, die Sendung ging aber am "
                              "{ship_time} raus.{tracking}",
                              "Vous avez demandé l'annulation de {order} le {cancel_time}, mais elle a été expédiée le "
                              "{ship_time}.{tracking}",
                              "Hai chiesto di cancellare {order} il {cancel_time}, ma è stato spedito il {ship_time}.{tracking}",
                              "Pediste cancelar {order} el {cancel_time}, pero se envió el {ship_time}.{tracking}"),
            "cancelled": _all("{order} wurde am {cancel_time} storniert und trotzdem am {ship_time} versandt.{tracking}",
                              "Votre {order} a été annulée le {cancel_time}, et pourtant expédiée le {ship_time}.{tracking}",
                              "Il tuo {order} è stato cancellato il {cancel_time}, eppure è stato spedito il {ship_time}.{tracking}",
                              "Tu {order} se canceló el {cancel_time} y aun así se envió el {ship_time}.{tracking}"),
            "rejected": _all("Ihre Stornierungsanfrage für {order} ({cancel_time}) wurde abgelehnt; versandt am {ship_time}.{tracking}",
                             "Votre demande d'annulation de {order} ({cancel_time}) a été refusée ; expédiée le {ship_time}.{tracking}",
                             "La richiesta di cancellare {order} ({cancel_time}) è stata rifiutata; spedito il {ship_time}.{tracking}",
                             "Tu solicitud de cancelar {order} ({cancel_time}) fue rechazada; enviado el {ship_time}.{tracking}"),
        },
        "action": {
            "": {k: v + " " + _KEEP[k] for k, v in _all(
                "Verweigern Sie die Annahme an der Tür; haben Sie das Paket schon, melden Sie eine Rücksendung unter "
                "„Meine Bestellungen“ an.",
                "Refusez le colis à la livraison ; si vous l'avez déjà, demandez un retour depuis « Vos commandes ».",
                "Rifiuta il pacco alla consegna; se lo hai già ricevuto, richiedi un reso da «I miei ordini».",
                "Rechaza el paquete en la entrega; si ya lo tienes, solicita una devolución en «Mis pedidos».").items()},
            "delivered": {k: v + " " + _KEEP[k] for k, v in _all(
                "Es wurde bereits zugestellt: melden Sie unter „Meine Bestellungen“ eine Rücksendung an (ungeöffnet "
                "lassen, Fotos machen).",
                "Il a déjà été livré : demandez un retour depuis « Vos commandes » (ne l'ouvrez pas, prenez des photos).",
                "È già stato consegnato: richiedi un reso da «I miei ordini» (non aprirlo, scatta delle foto).",
                "Ya se entregó: solicita una devolución en «Mis pedidos» (no lo abras y haz fotos).").items()},
        },
    },
    "seller_no_reply": {
        "title": {"": _all("Keine Antwort des Verkäufers seit {hours} h ({order_id})",
                           "Pas de réponse du vendeur depuis {hours} h ({order_id})",
                           "Nessuna risposta dal venditore da {hours} h ({order_id})",
                           "Sin respuesta del vendedor en {hours} h ({order_id})")},
        "message": {"": _all(
            "Sie haben {seller} am {request_time} gebeten, {order} zu stornieren; {hours} Stunden später gibt es weder "
            "Antwort noch Stornierung noch Versand.",
            "Vous avez demandé à {seller} d'annuler {order} le {request_time} ; {hours} heures plus tard, ni réponse, ni "
            "annulation, ni expédition.",
            "Hai chiesto a {seller} di cancellare {order} il {request_time}; dopo {hours} ore non c'è né risposta, né "
            "cancellazione, né spedizione.",
            "Pediste a {seller} cancelar {order} el {request_time}; {hours} horas después no hay respuesta, cancelación "
            "ni envío.")},
        "action": {"": _all(
            "Schreiben Sie dem Verkäufer erneut über die Bestellseite („Verkäufer kontaktieren“). Ohne Antwort wenden Sie "
            "sich mit der Bestellnummer {order_id} und dem Zeitpunkt Ihrer Anfrage ({request_time}) an den Amazon-"
            "Kundenservice. `orders draft {order_id}` (mit `--to support` für den Kundenservice) schreibt die Nachricht.",
            "Écrivez de nouveau au vendeur depuis la page de la commande (« Contacter le vendeur »). Sans réponse, contactez "
            "le service client Amazon avec le numéro {order_id} et l'heure de votre demande ({request_time}). "
            "`orders draft {order_id}` (`--to support` pour le service client) rédige le message.",
            "Scrivi di nuovo al venditore dalla pagina dell'ordine («Contatta il venditore»). Se non risponde, contatta il "
            "servizio clienti Amazon con il numero {order_id} e l'ora della richiesta ({request_time}). "
            "`orders draft {order_id}` (`--to support` per il servizio clienti) scrive il messaggio.",
            "Escribe de nuevo al vendedor desde la página del pedido («Contactar con el vendedor»). Si no contesta, contacta "
            "con el servicio de atención al cliente de Amazon con el número {order_id} y la hora de tu solicitud "
            "({request_time}). `orders draft {order_id}` (`--to support` para atención al cliente) redacta el mensaje.")},
    },
    "refund_overdue": {
        "title": {"": _all("Erstattung überfällig ({order_id})", "Remboursement en retard ({order_id})",
                           "Rimborso in ritardo ({order_id})", "Reembolso atrasado ({order_id})")},
        "message": {
            "cancelled": _all("{order} wurde am {since} storniert. Die Erstattung ({payment}) war bis {deadline} zu "
                              "erwarten, ist aber nicht bestätigt.",
                              "Votre {order} a été annulée le {since}. Le remboursement ({payment}) était attendu avant le "
                              "{deadline}, mais aucun n'est confirmé.",
                              "Il tuo {order} è stato cancellato il {since}. Il rimborso ({payment}) era atteso entro il "
                              "{deadline}, ma non risulta.",
                              "Tu {order} se canceló el {since}. El reembolso ({payment}) se esperaba antes del {deadline}, "
                              "pero no consta."),
            "returned": _all("Ihre Rücksendung von {order} ist am {since} eingegangen. Die Erstattung ({payment}) war bis "
                             "{deadline} zu erwarten, ist aber nicht bestätigt.",
                             "Votre retour de {order} a été reçu le {since}. Le remboursement ({payment}) était attendu "
                             "avant le {deadline}, mais aucun n'est confirmé.",
                             "Il reso di {order} è stato ricevuto il {since}. Il rimborso ({payment}) era atteso entro il "
                             "{deadline}, ma non risulta.",
                             "Tu devolución de {order} se recibió el {since}. El reembolso ({payment}) se esperaba antes "
                             "del {deadline}, pero no consta."),
            "refused": _all("Sie haben die Annahme von {order} am {since} verweigert. Die Erstattung ({payment}) war bis "
                            "{deadline} zu erwarten, ist aber nicht bestätigt.",
                            "Vous avez refusé la livraison de {order} le {since}. Le remboursement ({payment}) était "
                            "attendu avant le {deadline}, mais aucun n'est confirmé.",
                            "Hai rifiutato la consegna di {order} il {since}. Il rimborso ({payment}) era atteso entro il "
                            "{deadline}, ma non risulta.",
                            "Rechazaste la entrega de {order} el {since}. El reembolso ({payment}) se esperaba antes del "
                            "{deadline}, pero no consta."),
        },
        "action": {"": _all(
            "Prüfen Sie den Erstattungsstatus in den Bestelldetails und {refund_place}. Fehlt sie, wenden Sie sich mit den "
            "Belegen an den Kundenservice (`orders evidence {order_id} --out beleg.zip` stellt sie zusammen).",
            "Vérifiez l'état du remboursement dans le détail de la commande et {refund_place}. S'il n'y est pas, contactez "
            "le service client avec les preuves (`orders evidence {order_id} --out dossier.zip` les rassemble).",
            "Controlla lo stato del rimborso nei dettagli dell'ordine e {refund_place}. Se manca, contatta il servizio "
            "clienti con le prove (`orders evidence {order_id} --out prove.zip` le raccoglie).",
            "Comprueba el estado del reembolso en los detalles del pedido y {refund_place}. Si no está, contacta con "
            "atención al cliente con las pruebas (`orders evidence {order_id} --out pruebas.zip` las reúne).")},
    },
    "cancel_unconfirmed": {
        "title": {"": _all("Stornierung nicht bestätigt ({order_id})", "Annulation non confirmée ({order_id})",
                           "Cancellazione non confermata ({order_id})", "Cancelación sin confirmar ({order_id})")},
        "message": {"": _all(
            "Sie haben am {request_time} um Stornierung von {order} gebeten; {hours} Stunden später gibt es weder "
            "Bestätigung noch Ablehnung noch Versandmitteilung.",
            "Vous avez demandé l'annulation de {order} le {request_time} ; {hours} heures plus tard, ni confirmation, ni "
            "refus, ni avis d'expédition.",
            "Hai chiesto di cancellare {order} il {request_time}; dopo {hours} ore non c'è conferma, rifiuto o avviso di "
            "spedizione.",
            "Pediste cancelar {order} el {request_time}; {hours} horas después no hay confirmación, rechazo ni aviso de "
            "envío.")},
        "action": {"": _all(
            "Prüfen Sie den Status unter „Meine Bestellungen“ und Ihren Spam-Ordner. Hat sich nichts geändert, wenden Sie "
            "sich mit der Bestellnummer {order_id} an den Kundenservice. Wird trotzdem versandt, verweigern Sie die "
            "Annahme oder senden Sie zurück.",
            "Vérifiez l'état dans « Vos commandes » et votre dossier spam. Si rien n'a changé, contactez le service client "
            "avec le numéro {order_id}. Si elle est expédiée quand même, refusez le colis ou retournez-le.",
            "Controlla lo stato in «I miei ordini» e la cartella spam. Se nulla è cambiato, contatta il servizio clienti "
            "con il numero {order_id}. Se viene spedito comunque, rifiuta il pacco o restituiscilo.",
            "Comprueba el estado en «Mis pedidos» y tu carpeta de spam. Si nada ha cambiado, contacta con atención al "
            "cliente con el número {order_id}. Si se envía igualmente, rechaza el paquete o devuélvelo.")},
    },
    "mail_in_spam": {
        "title": {"": _all("Amazon-Mail zu {order_id} im Spam-Ordner", "E-mail Amazon sur {order_id} dans vos spams",
                           "E-mail Amazon su {order_id} nella cartella spam", "Correo de Amazon sobre {order_id} en spam")},
        "message": {"": _all("{count} zu {order} landete im Spam-Ordner ({folder}); die neueste: „{subject}“ ({mail_time}).",
                             "{count} sur {order} est arrivé dans vos spams ({folder}) ; le dernier : « {subject} » "
                             "({mail_time}).",
                             "{count} su {order} è finita nello spam ({folder}); l'ultima: «{subject}» ({mail_time}).",
                             "{count} sobre {order} llegó a spam ({folder}); el último: «{subject}» ({mail_time}).")},
        "action": {"": _all("Öffnen und lesen Sie die Mail und markieren Sie sie als „kein Spam“. Amazons Absender als "
                            "sicher einzutragen hält künftige Nachrichten im Posteingang.",
                            "Ouvrez et lisez l'e-mail, puis marquez-le « non spam ». Ajouter les expéditeurs d'Amazon à vos "
                            "contacts sûrs garde les prochains avis dans la boîte de réception.",
                            "Apri e leggi l'e-mail, poi segnala «non è spam». Aggiungere i mittenti Amazon ai contatti "
                            "attendibili tiene i prossimi avvisi nella posta in arrivo.",
                            "Abre y lee el correo y márcalo como «no es spam». Añadir los remitentes de Amazon a tus "
                            "remitentes seguros mantiene los avisos en la bandeja de entrada.")},
    },
    "unread_amazon_mail": {
        "title": {"": _all("Amazon schrieb zu Bestellung {order_id}, orders konnte die Mail nicht lesen",
                           "Amazon a écrit au sujet de la commande {order_id} et orders n'a pas pu le lire",
                           "Amazon ha scritto sull'ordine {order_id} e orders non è riuscito a leggerlo",
                           "Amazon escribió sobre el pedido {order_id} y orders no pudo leerlo")},
        "message": {
            "": _all("Amazon schrieb zu {order}, orders konnte die Mail nicht lesen — öffnen Sie sie: Betreff „{subject}“, "
                     "empfangen {mail_time}.",
                     "Amazon a écrit au sujet de {order} et orders n'a pas pu le lire — ouvrez-le : objet « {subject} », "
                     "reçu le {mail_time}.",
                     "Amazon ha scritto su {order} e orders non è riuscito a leggerlo — aprilo: oggetto «{subject}», "
                     "ricevuto il {mail_time}.",
                     "Amazon escribió sobre {order} y orders no pudo leerlo — ábrelo: asunto «{subject}», recibido el "
                     "{mail_time}."),
            "pending": _all("Amazon schrieb zu {order}, orders konnte die Mail nicht lesen — öffnen Sie sie: Betreff "
                            "„{subject}“, empfangen {mail_time}. {pending}",
                            "Amazon a écrit au sujet de {order} et orders n'a pas pu le lire — ouvrez-le : objet "
                            "« {subject} », reçu le {mail_time}. {pending}",
                            "Amazon ha scritto su {order} e orders non è riuscito a leggerlo — aprilo: oggetto "
                            "«{subject}», ricevuto il {mail_time}. {pending}",
                            "Amazon escribió sobre {order} y orders no pudo leerlo — ábrelo: asunto «{subject}», recibido "
                            "el {mail_time}. {pending}"),
        },
        "action": {"": _all("Öffnen und lesen Sie die Mail ({folder}). `orders unrecognized` listet die Mails, die orders "
                            "nicht lesen konnte; eine Meldung hilft der nächsten Version.",
                            "Ouvrez et lisez l'e-mail ({folder}). `orders unrecognized` liste les e-mails qu'orders n'a pas "
                            "compris ; les signaler aide la prochaine version.",
                            "Apri e leggi l'e-mail ({folder}). `orders unrecognized` elenca le e-mail che orders non ha "
                            "capito; segnalarle aiuta la prossima versione.",
                            "Abre y lee el correo ({folder}). `orders unrecognized` lista los correos que orders no entendió; "
                            "informar de ellos ayuda a la próxima versión.")},
    },
    "phishing": {
        "title": {
            "": _all("Gefälschte „Amazon“-Mail erhalten", "Faux e-mail « Amazon » reçu", "Ricevuta una falsa e-mail «Amazon»",
                     "Recibido un correo falso de «Amazon»"),
            "real": _all("Gefälschte „Amazon“-Mail nennt Ihre Bestellung {order_id}",
                         "Faux e-mail « Amazon » citant votre commande {order_id}",
                         "Falsa e-mail «Amazon» che cita il tuo ordine {order_id}",
                         "Correo falso de «Amazon» que cita tu pedido {order_id}"),
            "other": _all("Gefälschte „Amazon“-Mail mit Bestellnummer {order_id}",
                          "Faux e-mail « Amazon » citant la commande {order_id}",
                          "Falsa e-mail «Amazon» con il numero d'ordine {order_id}",
                          "Correo falso de «Amazon» con el número de pedido {order_id}"),
        },
        "message": {
            "": _all("„{subject}“ (von {sender}, {mail_time}) ist keine echte Amazon-Mail.{reason}",
                     "« {subject} » (de {sender}, {mail_time}) n'est pas un vrai e-mail d'Amazon.{reason}",
                     "«{subject}» (da {sender}, {mail_time}) non è una vera e-mail di Amazon.{reason}",
                     "«{subject}» (de {sender}, {mail_time}) no es un correo auténtico de Amazon.{reason}"),
            "real": _all("„{subject}“ (von {sender}, {mail_time}) ist keine echte Amazon-Mail.{reason} Sie nennt Ihre "
                         "Bestellung {order_id}, deren Status sie nicht verändert hat.",
                         "« {subject} » (de {sender}, {mail_time}) n'est pas un vrai e-mail d'Amazon.{reason} Il cite votre "
                         "commande {order_id}, dont il n'a pas changé l'état.",
                         "«{subject}» (da {sender}, {mail_time}) non è una vera e-mail di Amazon.{reason} Cita il tuo "
                         "ordine {order_id}, di cui non ha cambiato lo stato.",
                         "«{subject}» (de {sender}, {mail_time}) no es un correo auténtico de Amazon.{reason} Cita tu "
                         "pedido {order_id}, cuyo estado no ha cambiado."),
            "other": _all("„{subject}“ (von {sender}, {mail_time}) ist keine echte Amazon-Mail.{reason} Die genannte "
                          "Bestellnummer ({order_id}) gehört nicht zu Ihren Bestellungen.",
                          "« {subject} » (de {sender}, {mail_time}) n'est pas un vrai e-mail d'Amazon.{reason} Le numéro "
                          "cité ({order_id}) n'est pas une de vos commandes.",
                          "«{subject}» (da {sender}, {mail_time}) non è una vera e-mail di Amazon.{reason} Il numero "
                          "citato ({order_id}) non è un tuo ordine.",
                          "«{subject}» (de {sender}, {mail_time}) no es un correo auténtico de Amazon.{reason} El número "
                          "citado ({order_id}) no es uno de tus pedidos."),
        },
        "action": {"": dict(_PHISH)},
    },
}

# Fragments the rules put into the templates (``texts.t``), per language.
WORDS: dict[str, dict[str, str]] = {
    "de": {"carrier": "Zusteller {carrier}", "tracking": "Sendungsnummer {tracking}", "seller": "den Verkäufer",
           "seller_named": "den Verkäufer „{name}“", "one_mail": "Eine echte Amazon-Mail",
           "mails": "{n} echte Amazon-Mails", "junk": "Spam", "no_subject": "kein Betreff",
           "unknown_sender": "einem unbekannten Absender", "date_unknown": "Datum unbekannt", "reason": " Grund: {reason}.",
           "inbox": "Posteingang", "pending": "Die Bestellung hat eine unbeantwortete Stornierungsanfrage; das könnte die Antwort sein.",
           "refund_pending": "Die Bestellung wartet auf eine Erstattung; darum könnte es gehen."},
    "fr": {"carrier": "transporteur {carrier}", "tracking": "numéro de suivi {tracking}", "seller": "le vendeur",
           "seller_named": "le vendeur « {name} »", "one_mail": "Un vrai e-mail d'Amazon",
           "mails": "{n} vrais e-mails d'Amazon", "junk": "Spam", "no_subject": "sans objet",
           "unknown_sender": "un expéditeur inconnu", "date_unknown": "date inconnue", "reason": " Motif : {reason}.",
           "inbox": "Boîte de réception", "pending": "La commande a une demande d'annulation sans réponse ; c'est peut-être elle.",
           "refund_pending": "La commande attend un remboursement ; il s'agit peut-être de lui."},
    "it": {"carrier": "corriere {carrier}", "tracking": "numero di tracciabilità {tracking}", "seller": "il venditore",
           "seller_named": "il venditore «{name}»", "one_mail": "Una vera e-mail di Amazon",
           "mails": "{n} vere e-mail di Amazon", "junk": "Spam", "no_subject": "senza oggetto",
           "unknown_sender": "un mittente sconosciuto", "date_unknown": "data sconosciuta", "reason": " Motivo: {reason}.",
           "inbox": "Posta in arrivo", "pending": "L'ordine ha una richiesta di cancellazione senza risposta; potrebbe essere questa.",
           "refund_pending": "L'ordine attende un rimborso; potrebbe riguardarlo."},
    "es": {"carrier": "transportista {carrier}", "tracking": "número de seguimiento {tracking}", "seller": "el vendedor",
           "seller_named": "el vendedor «{name}»", "one_mail": "Un correo auténtico de Amazon",
           "mails": "{n} correos auténticos de Amazon", "junk": "Spam", "no_subject": "sin asunto",
           "unknown_sender": "un remitente desconocido", "date_unknown": "fecha desconocida", "reason": " Motivo: {reason}.",
           "inbox": "Bandeja de entrada", "pending": "El pedido tiene una solicitud de cancelación sin respuesta; puede ser esta.",
           "refund_pending": "El pedido espera un reembolso; puede tratarse de eso."},
}
