"""A small shop help center in four languages, written for the search tests."""

from search.documents import Passage, split_text

CATEGORY_ORDERS = "10"
CATEGORY_ACCOUNT = "20"

# parent id: (kind, category id, {language: (category, title, [(heading, text), ...])})
ARTICLES = {
    "returns": (
        "returns_policy",
        CATEGORY_ORDERS,
        {
            "en": (
                "Orders",
                "Returning an item",
                [
                    (
                        "How do I return an item?",
                        "Log in, open the order and choose the items you want to send back. Print the prepaid return label and drop the parcel at any post office.",
                    ),
                    (
                        "Refunds",
                        "We refund the purchase price to your original payment method within 14 days of receiving the return.",
                    ),
                ],
            ),
            "de": (
                "Bestellungen",
                "Rücksendung eines Artikels",
                [
                    (
                        "Wie funktioniert die Rücksendung?",
                        "Melden Sie sich an, öffnen Sie die Bestellung und wählen Sie die Artikel für die Rücksendung. Drucken Sie das frankierte Rücksendeetikett aus und geben Sie das Paket bei der Post ab.",
                    ),
                    (
                        "Erstattung",
                        "Den Kaufpreis erstatten wir innerhalb von 14 Tagen nach Eingang der Rücksendung auf Ihr ursprüngliches Zahlungsmittel.",
                    ),
                ],
            ),
            "fr": (
                "Commandes",
                "Retourner un article",
                [
                    (
                        "Comment retourner un article ?",
                        "Connectez-vous, ouvrez la commande et choisissez les articles à renvoyer. Imprimez l'étiquette de retour prépayée et déposez le colis dans un bureau de poste.",
                    ),
                    (
                        "Remboursement",
                        "Nous remboursons le prix d'achat sur votre moyen de paiement d'origine dans les 14 jours suivant la réception du retour.",
                    ),
                ],
            ),
            "es": (
                "Pedidos",
                "Devolución de un artículo",
                [
                    (
                        "¿Cómo devuelvo un artículo?",
                        "Inicia sesión, abre el pedido y elige los artículos que quieres devolver. Imprime la etiqueta de devolución prepagada y entrega el paquete en una oficina de correos.",
                    ),
                    (
                        "Reembolso",
                        "Reembolsamos el precio de compra en tu método de pago original en un plazo de 14 días tras recibir la devolución.",
                    ),
                ],
            ),
        },
    ),
    "shipping": (
        "shipping",
        CATEGORY_ORDERS,
        {
            "en": (
                "Orders",
                "Delivery times",
                [
                    (
                        "Standard delivery",
                        "Parcels within the country arrive in 2 to 4 working days. You receive a tracking link by e-mail as soon as the parcel leaves our warehouse.",
                    ),
                ],
            ),
            "de": (
                "Bestellungen",
                "Lieferzeiten",
                [
                    (
                        "Standardversand",
                        "Pakete innerhalb des Landes kommen in 2 bis 4 Werktagen an. Sobald das Paket unser Lager verlässt, erhalten Sie per E-Mail einen Link zur Sendungsverfolgung.",
                    ),
                ],
            ),
            "fr": (
                "Commandes",
                "Délais de livraison",
                [
                    (
                        "Livraison standard",
                        "Les colis arrivent en 2 à 4 jours ouvrés dans le pays. Vous recevez un lien de suivi par e-mail dès que le colis quitte notre entrepôt.",
                    ),
                ],
            ),
            "es": (
                "Pedidos",
                "Plazos de entrega",
                [
                    (
                        "Envío estándar",
                        "Los paquetes llegan en 2 a 4 días laborables dentro del país. Recibes un enlace de seguimiento por correo electrónico en cuanto el paquete sale de nuestro almacén.",
                    ),
                ],
            ),
            "it": (
                "Ordini",
                "Tempi di consegna",
                [
                    (
                        "Spedizione standard",
                        "I pacchi arrivano in 2-4 giorni lavorativi. Riceverai un link di tracciamento via e-mail appena il pacco lascia il nostro magazzino.",
                    ),
                ],
            ),
        },
    ),
    "password": (
        "howto",
        CATEGORY_ACCOUNT,
        {
            "en": (
                "Account",
                "Resetting your password",
                [
                    (
                        "Forgot your password?",
                        "Click 'Forgot password' on the login page and enter your e-mail address. We send you a link to choose a new password; the link is valid for one hour.",
                    ),
                ],
            ),
            "de": (
                "Konto",
                "Passwort zurücksetzen",
                [
                    (
                        "Passwort vergessen?",
                        "Klicken Sie auf der Anmeldeseite auf 'Passwort vergessen' und geben Sie Ihre E-Mail-Adresse ein. Sie erhalten einen Link, mit dem Sie ein neues Passwort wählen; er ist eine Stunde gültig.",
                    ),
                ],
            ),
            "fr": (
                "Compte",
                "Réinitialiser votre mot de passe",
                [
                    (
                        "Mot de passe oublié ?",
                        "Cliquez sur « Mot de passe oublié » sur la page de connexion et saisissez votre adresse e-mail. Nous vous envoyons un lien pour choisir un nouveau mot de passe, valable une heure.",
                    ),
                ],
            ),
            "es": (
                "Cuenta",
                "Restablecer la contraseña",
                [
                    (
                        "¿Olvidaste tu contraseña?",
                        "Haz clic en «He olvidado mi contraseña» en la página de inicio de sesión e introduce tu correo electrónico. Te enviamos un enlace para elegir una nueva contraseña, válido durante una hora.",
                    ),
                ],
            ),
        },
    ),
    "payment": (
        "faq",
        CATEGORY_ACCOUNT,
        {
            "en": (
                "Account",
                "Payment declined",
                [
                    (
                        "Why was my card declined?",
                        "Your bank may decline a payment when the card has expired, the billing address does not match or the daily limit is reached. Check the card details or try another payment method.",
                    ),
                ],
            ),
            "de": (
                "Konto",
                "Zahlung abgelehnt",
                [
                    (
                        "Warum wurde meine Karte abgelehnt?",
                        "Ihre Bank lehnt eine Zahlung ab, wenn die Karte abgelaufen ist, die Rechnungsadresse nicht stimmt oder das Tageslimit erreicht ist. Prüfen Sie die Kartendaten oder wählen Sie eine andere Zahlungsart.",
                    ),
                ],
            ),
            "fr": (
                "Compte",
                "Paiement refusé",
                [
                    (
                        "Pourquoi ma carte a-t-elle été refusée ?",
                        "Votre banque peut refuser un paiement si la carte a expiré, si l'adresse de facturation ne correspond pas ou si le plafond journalier est atteint. Vérifiez les données de la carte ou choisissez un autre moyen de paiement.",
                    ),
                ],
            ),
            "es": (
                "Cuenta",
                "Pago rechazado",
                [
                    (
                        "¿Por qué se rechazó mi tarjeta?",
                        "Tu banco puede rechazar un pago si la tarjeta ha caducado, la dirección de facturación no coincide o se ha alcanzado el límite diario. Comprueba los datos de la tarjeta o elige otro método de pago.",
                    ),
                ],
            ),
        },
    ),
    "gift-cards": (
        "faq",
        CATEGORY_ACCOUNT,
        {
            "en": (
                "Account",
                "Gift cards",
                [
                    (
                        "Redeeming a gift card",
                        "Enter the gift card code at checkout. The balance is deducted from your order total.",
                    ),
                ],
            ),
        },
    ),
}
NOT_LIVE = {"gift-cards"}  # written, not published yet


def shop_passages(namespace, articles=ARTICLES):
    passages = []
    for parent_id, (kind, category_id, translations) in articles.items():
        for language, (category, title, sections) in translations.items():
            number = 0
            for heading, body in sections:
                for text in split_text(title, body, heading=heading):
                    passages.append(
                        Passage(
                            id=f"{parent_id}:{language}:{number}",
                            parent_id=parent_id,
                            language=language,
                            title=title,
                            category=category,
                            heading=heading,
                            text=text,
                            kind=kind,
                            category_id=category_id,
                            url=f"/{language}/{parent_id}/#s{number}",
                            live=parent_id not in NOT_LIVE,
                            namespace=namespace,
                        )
                    )
                    number += 1
    return passages
