import type { ResetEmailTexts } from './texts.js';

/** Every sentence of the Spanish emails. */
export const es: ResetEmailTexts = {
  tag: 'es',
  subject: (product) => `Restablece tu contraseña de ${product}`,
  greeting: 'Hola:',
  requested: (product, email) =>
    `Alguien, esperamos que tú, ha pedido restablecer la contraseña de tu cuenta de ${product} (${email}).`,
  openLink: 'Para elegir una contraseña nueva, abre este enlace:',
  button: 'Elegir una contraseña nueva',
  validity: (expires) => `El enlace sirve una sola vez, hasta el ${expires}.`,
  notYou: 'Si no has sido tú, ignora este correo: tu contraseña sigue siendo la misma.',
  signature: (product) => `— ${product}`,
};
