import type { DigitalPlanDocData } from '../../infra/documents/digitalPlan';

/** An approved Plan de Comunicación Digital as a document (issue 19 §3), every part filled. */
export const digitalPlanData: DigitalPlanDocData = {
  code: 'PLAN DE COMUNICACIÓN DIGITAL N° 001-2027-OC/MINCUL',
  entityName: 'Ministerio de Cultura',
  year: 2027,
  profileDocument: 'Directiva N° 03-2022-PCM/SCS',
  sections: [
    ['1. Análisis', 'Las cuentas informan la agenda cultural y los servicios del Ministerio, con tono cercano y las etiquetas #CulturaPerú y #MuseosAbiertos.'],
    ['2. Objetivos', 'Orientar sobre los servicios, difundir el patrimonio y sensibilizar sobre su protección.'],
    ['3. Público objetivo', 'Jóvenes de 18 a 29 años en Instagram y TikTok; familias y docentes en Facebook; periodistas en X.'],
    ['4. Mensaje', 'El patrimonio es de todos: qué visitar, cómo hacerlo y por qué cuidarlo.'],
    ['5. Estrategia digital', 'Formatos utilitarios: horarios, rutas y guías en video corto; transmisiones de actividades.'],
    ['6. Herramientas de comunicación digital a utilizar', 'Sitio web gob.pe, Facebook, Instagram, TikTok, X y YouTube; boletín mensual.'],
    ['7. Acciones', 'Contenido, contexto, conexión y comunidad: series semanales y respuestas a la comunidad.'],
    ['8. Indicadores', 'Atención, participación, autoridad e influencia, medidos cada trimestre.'],
    ['9. Recursos requeridos', 'Community manager, diseñador, realizador audiovisual y pauta publicitaria.'],
    ['10. Cronograma de implementación', 'Enero: ajuste de líneas gráficas; febrero a diciembre: series y campañas del calendario cultural.'],
  ],
  weekly: [['Facebook', 7], ['Instagram', 5], ['TikTok', 3]],
  indicators: [['Publicaciones por trimestre', 180], ['Alcance por trimestre', 1250000]],
  drafted: { by: 'crojas@cultura.gob.pe', byName: 'Carla Rojas Díaz', at: '2026-12-07T15:00:00.000Z' },
  approval: { by: 'aquispe@cultura.gob.pe', byName: 'Ana Quispe Huamán', at: '2026-12-09T20:30:00.000Z' },
};
