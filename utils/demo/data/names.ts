// First names and surnames for the demo people. Spanish names come with accents, ñ and compound
// first names; Spanish-speaking people usually carry two surnames (paternal, maternal).
// 'Soto' is deliberately absent: a LinkedIn fixture uses 'Ana Belén Soto' as someone who is not
// in the CRM, so she must never be generated.

export const ES_MALE: readonly string[] = [
  'José', 'Juan', 'Antonio', 'Manuel', 'Francisco', 'David', 'Javier', 'Daniel', 'Carlos',
  'Jesús', 'Alejandro', 'Miguel', 'Rafael', 'Pedro', 'Pablo', 'Ángel', 'Sergio', 'Fernando',
  'Jorge', 'Luis', 'Alberto', 'Álvaro', 'Adrián', 'Diego', 'Raúl', 'Enrique', 'Ramón', 'Vicente',
  'Ignacio', 'Rubén', 'Óscar', 'Andrés', 'Joaquín', 'Santiago', 'Eduardo', 'Víctor', 'Roberto',
  'Jaime', 'Iñaki', 'Íñigo', 'Gonzalo', 'Marcos', 'Hugo', 'Guillermo', 'Tomás', 'Agustín',
  'Emilio', 'Julián', 'Nicolás', 'Martín', 'Gabriel', 'Mario', 'Rodrigo', 'Felipe', 'Sebastián',
  'Mateo', 'Alfonso', 'Germán', 'Héctor', 'Esteban', 'Mauricio', 'Ricardo', 'Arturo', 'César',
];

export const ES_FEMALE: readonly string[] = [
  'María', 'Carmen', 'Ana', 'Isabel', 'Laura', 'Cristina', 'Marta', 'Lucía', 'Elena', 'Sara',
  'Paula', 'Raquel', 'Pilar', 'Rosa', 'Beatriz', 'Silvia', 'Patricia', 'Nuria', 'Mónica', 'Irene',
  'Andrea', 'Alicia', 'Rocío', 'Begoña', 'Inés', 'Natalia', 'Claudia', 'Sofía', 'Valentina',
  'Camila', 'Daniela', 'Gabriela', 'Verónica', 'Lorena', 'Ximena', 'Guadalupe', 'Dolores',
  'Mercedes', 'Rosario', 'Concepción', 'Ainhoa', 'Nerea', 'Leire', 'Montserrat', 'Míriam',
  'Noelia', 'Eva', 'Julia', 'Victoria', 'Carolina', 'Fernanda', 'Catalina', 'Luciana', 'Florencia',
  'Agustina', 'Josefina', 'Macarena', 'Constanza', 'Renata', 'Belén', 'Adriana', 'Marina',
];

export const ES_MALE_COMPOUND: readonly string[] = [
  'Juan Carlos', 'José Luis', 'José Antonio', 'José Manuel', 'Francisco Javier', 'Juan Antonio',
  'José María', 'Juan José', 'Miguel Ángel', 'Luis Miguel', 'Juan Pablo', 'Andrés Felipe',
  'Luis Fernando', 'Juan Sebastián', 'Carlos Alberto', 'José Ignacio', 'Juan Manuel', 'Jesús María',
];

export const ES_FEMALE_COMPOUND: readonly string[] = [
  'María José', 'Ana María', 'María del Carmen', 'María Pilar', 'María Isabel', 'María Teresa',
  'María Luisa', 'Ana Belén', 'María Fernanda', 'María Paz', 'María Jesús', 'María Ángeles',
  'Luz Marina', 'María Alejandra', 'Ana Lucía', 'María Eugenia', 'María Dolores', 'Rosa María',
];

export const ES_SURNAMES: readonly string[] = [
  'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez',
  'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero',
  'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez',
  'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz',
  'Rubio', 'Marín', 'Sanz', 'Núñez', 'Iglesias', 'Medina', 'Garrido', 'Cortés', 'Castillo',
  'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto', 'Méndez', 'Cruz', 'Calvo', 'Gallego', 'Vidal',
  'León', 'Márquez', 'Herrera', 'Peña', 'Flores', 'Cabrera', 'Campos', 'Vega', 'Fuentes',
  'Carrasco', 'Díez', 'Caballero', 'Reyes', 'Nieto', 'Aguilar', 'Pascual', 'Santana', 'Herrero',
  'Montero', 'Lorenzo', 'Hidalgo', 'Giménez', 'Ibáñez', 'Ferrer', 'Durán', 'Vicente', 'Benítez',
  'Mora', 'Arias', 'Vargas', 'Carmona', 'Crespo', 'Román', 'Pastor', 'Velasco', 'Soler', 'Rojas',
  'Parra', 'Bravo', 'Echeverría', 'Urrutia', 'Aguirre', 'Acosta', 'Maldonado', 'Ordóñez', 'Zúñiga',
];

/** Surnames more typical of one country, mixed into that country's pool. */
export const COUNTRY_SURNAMES: Readonly<Record<string, readonly string[]>> = {
  ES: ['Goikoetxea', 'Etxeberria', 'Puig', 'Casals', 'Vila', 'Ferrández', 'Losada', 'Otero', 'Rivas'],
  MX: ['Treviño', 'Garza', 'Villarreal', 'Cantú', 'Peñaloza', 'Ibarra', 'Salinas', 'Mendoza', 'Chávez', 'Espinoza', 'Zamora', 'Cervantes'],
  CO: ['Restrepo', 'Londoño', 'Ospina', 'Cárdenas', 'Valencia', 'Quintero', 'Zapata', 'Salazar', 'Arango', 'Montoya', 'Betancur'],
  AR: ['Rossi', 'Ferrari', 'Romano', 'Bianchi', 'Russo', 'Colombo', 'Costa', 'Fontana', 'Greco', 'Martinelli', 'Giordano', 'Acuña'],
  CL: ['Sepúlveda', 'Fuenzalida', 'Araya', 'Tapia', 'Saavedra', 'Olivares', 'Contreras', 'Figueroa', 'Valenzuela', 'Espinoza'],
  PE: ['Quispe', 'Huamán', 'Chávez', 'Mamani', 'Paredes', 'Villalobos', 'Cáceres', 'Vilca', 'Salazar', 'Espinoza'],
};

/** First names more typical of Latin America, mixed into the Latin-American pools. */
export const LATAM_MALE: readonly string[] = [
  'Andrés Felipe', 'Juan Pablo', 'Luis Fernando', 'Juan Sebastián', 'Santiago', 'Mateo', 'Matías',
  'Benjamín', 'Emiliano', 'Leonardo', 'Maximiliano', 'Facundo', 'Gustavo', 'Hernán', 'Ulises',
];
export const LATAM_FEMALE: readonly string[] = [
  'María Fernanda', 'Valentina', 'Camila', 'Ximena', 'Guadalupe', 'Luciana', 'Florencia',
  'Agustina', 'Yesenia', 'Paola', 'Tatiana', 'Milagros', 'Antonella', 'Karina', 'Marcela',
];

export const EN_MALE: readonly string[] = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Thomas', 'Christopher',
  'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Andrew', 'Joshua', 'Kevin', 'Brian', 'Ryan',
  'Jacob', 'Nathan', 'Oliver', 'Harry', 'George', 'Jack', 'Charlie', 'Edward', 'Samuel',
  'Benjamin', 'Henry', 'Alexander', 'Patrick', 'Gregory', 'Scott', 'Jonathan',
];

export const EN_FEMALE: readonly string[] = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah',
  'Karen', 'Emily', 'Emma', 'Olivia', 'Sophie', 'Charlotte', 'Amelia', 'Grace', 'Hannah',
  'Rachel', 'Lauren', 'Megan', 'Katherine', 'Margaret', 'Rebecca', 'Amanda', 'Michelle', 'Chloe',
  'Lucy', 'Natalie', 'Abigail', 'Heather', 'Nicole',
];

export const EN_SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson',
  'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark',
  'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker',
  'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans',
  'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers',
  'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox',
  'Richardson', 'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders',
  'Patel', 'Khan', "O'Connor", "O'Brien", 'McDonald', 'Fitzgerald', 'Sullivan', 'Chen', 'Nguyen',
];

export const DE_MALE: readonly string[] = [
  'Thomas', 'Michael', 'Andreas', 'Stefan', 'Markus', 'Christian', 'Jan', 'Tobias', 'Lukas',
  'Felix', 'Jürgen', 'Matthias',
];
export const DE_FEMALE: readonly string[] = [
  'Anna', 'Julia', 'Katharina', 'Sabine', 'Claudia', 'Stefanie', 'Laura', 'Lena', 'Sophie',
  'Jana', 'Birgit', 'Ute',
];
export const DE_SURNAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
  'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hartmann', 'Lange',
];

/**
 * Nicknames people go by (and sometimes enter in a form), keyed by the first name. Used to make
 * deliberate duplicates: 'Pepe Pérez' for 'José Pérez'.
 */
export const ES_NICKNAMES: Readonly<Record<string, string>> = {
  'José María': 'Chema',
  'José Luis': 'Joselu',
  'Francisco Javier': 'Javier',
  'María del Carmen': 'Mamen',
  'María Isabel': 'Maribel',
  'María Teresa': 'Maite',
  'María Jesús': 'Chus',
  'María Luisa': 'Marisa',
  'María Dolores': 'Lola',
  'José': 'Pepe',
  'Francisco': 'Paco',
  'Ignacio': 'Nacho',
  'Manuel': 'Manolo',
  'Dolores': 'Lola',
  'Concepción': 'Concha',
  'Rosario': 'Charo',
  'Mercedes': 'Merche',
  'Guadalupe': 'Lupe',
  'Enrique': 'Quique',
  'Jesús': 'Chucho',
  'Alejandro': 'Álex',
  'Javier': 'Javi',
  'Rafael': 'Rafa',
  'Santiago': 'Santi',
  'Guillermo': 'Memo',
  'Eduardo': 'Lalo',
  'Antonio': 'Toño',
  'Daniel': 'Dani',
  'Sebastián': 'Sebas',
  'Cristina': 'Cris',
  'Beatriz': 'Bea',
  'Patricia': 'Patri',
};

export const EN_NICKNAMES: Readonly<Record<string, string>> = {
  Robert: 'Bob',
  William: 'Bill',
  James: 'Jim',
  Michael: 'Mike',
  Richard: 'Rick',
  Thomas: 'Tom',
  Anthony: 'Tony',
  Christopher: 'Chris',
  Matthew: 'Matt',
  Daniel: 'Dan',
  Samuel: 'Sam',
  Benjamin: 'Ben',
  Alexander: 'Alex',
  Edward: 'Ed',
  Jonathan: 'Jon',
  Gregory: 'Greg',
  Elizabeth: 'Liz',
  Katherine: 'Kate',
  Margaret: 'Maggie',
  Jennifer: 'Jen',
  Rebecca: 'Becky',
  Abigail: 'Abby',
  Patricia: 'Trish',
};
